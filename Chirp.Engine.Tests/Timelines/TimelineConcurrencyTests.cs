using Chirp.Engine.Timelines;

namespace Chirp.Engine.Tests.Timelines;

public sealed class TimelineConcurrencyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Threads_inserting_into_shared_and_own_timelines_leave_every_timeline_equal_to_the_model(bool spilling)
    {
        const int Threads = 6;
        const int PerThread = 3_000;
        const int Capacity = 200;
        using var store = spilling ? TestStores.Spilling(Capacity) : TestStores.Small(Capacity);

        // Each thread writes its own tweet ids (thread-interleaved, so arrivals are out of order) to a shared user
        // (0), a user shared with one neighbour, and its own user, and re-inserts some ids to exercise idempotency.
        var model = new TimelineModel(Capacity);
        var work = new List<(long User, TimelineEntry Entry)>[Threads];
        for (int t = 0; t < Threads; t++)
        {
            work[t] = [];
            var random = new Random(t);
            for (int i = 0; i < PerThread; i++)
            {
                long tweetId = ((long)random.Next(1, 20_000) * Threads) + t;
                var entry = new TimelineEntry(tweetId, t);
                long user = (i % 3) switch
                {
                    0 => 0,
                    1 => 1 + (t / 2),
                    _ => 100 + t,
                };
                work[t].Add((user, entry));
            }
        }

        using var readers = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            // Pages read while writers run must always be sorted newest first with no duplicates.
            var buffer = new TimelineEntry[Capacity];
            while (!readers.IsCancellationRequested)
            {
                int n = store.ReadPage(0, null, null, null, Capacity, buffer);
                for (int i = 1; i < n; i++)
                {
                    Assert.True(buffer[i - 1].TweetId > buffer[i].TweetId);
                }
            }
        });

        // Compaction runs alongside the writers, as it will in production.
        var compactor = Task.Run(() =>
        {
            while (!readers.IsCancellationRequested)
            {
                store.Compact(wholeLog: true);
                Thread.Sleep(1);
            }
        });

        using var start = new Barrier(Threads);
        var writers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            foreach (var (user, entry) in work[t])
            {
                store.Insert(user, entry);
            }
        })).ToArray();
        foreach (var w in writers)
        {
            w.Start();
        }

        foreach (var w in writers)
        {
            w.Join();
        }

        readers.Cancel();
        await reader;
        await compactor;

        // The final content of a bounded sorted set does not depend on arrival order, so a sequential model agrees.
        foreach (var list in work)
        {
            foreach (var (user, entry) in list)
            {
                model.Insert(user, entry);
            }
        }

        foreach (long user in model.Users)
        {
            Assert.Equal(model.Of(user), TestStores.All(store, user));
        }
    }
}
