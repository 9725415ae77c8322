using Chirp.Engine.Timelines;
using FsCheck.Xunit;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>Random command sequences against the store and <see cref="TimelineModel"/>; every page form must agree.</summary>
public sealed class TimelineStoreProperties
{
    [Property(MaxTest = 60, QuietOnSuccess = true, Arbitrary = [typeof(TimelineScenarioArbitrary)])]
    public void Store_agrees_with_the_model_for_any_command_sequence(TimelineScenario scenario)
    {
        using var store = TestStores.Small(scenario.Capacity);
        var model = new TimelineModel(scenario.Capacity);
        Run(store, model, scenario.Commands);
        AssertAgrees(store, model, users: [1, 2, 3, 4]);
    }

    [Property(MaxTest = 10, QuietOnSuccess = true, Arbitrary = [typeof(TimelineScenarioArbitrary)])]
    public void Store_agrees_with_the_model_when_records_spill_out_of_memory(TimelineScenario scenario)
    {
        using var store = TestStores.Spilling(scenario.Capacity);
        var model = new TimelineModel(scenario.Capacity);

        // Filler users push the scenario's records out of the eight in-memory pages, between and after the commands.
        for (int i = 0; i < scenario.Commands.Length; i++)
        {
            Run(store, model, [scenario.Commands[i]]);
            Fill(store, model, round: i);
        }

        Fill(store, model, round: scenario.Commands.Length);
        if (scenario.Commands.Length >= 200)
        {
            Assert.True(store.SpilledBytes > 0, "the scenario should have spilled records out of memory");
        }

        AssertAgrees(store, model, users: [1, 2, 3, 4, 1_000, 1_001]);
    }

    internal static void Run(TimelineStore store, TimelineModel model, IEnumerable<TimelineCommand> commands)
    {
        foreach (var c in commands)
        {
            switch (c.KindOf)
            {
                case TimelineCommandKind.Insert:
                    store.Insert(c.UserId, new TimelineEntry(c.TweetId, c.AuthorId));
                    model.Insert(c.UserId, new TimelineEntry(c.TweetId, c.AuthorId));
                    break;
                case TimelineCommandKind.Remove:
                    store.Remove(c.UserId, c.TweetId);
                    model.Remove(c.UserId, c.TweetId);
                    break;
                case TimelineCommandKind.RemoveAuthor:
                    store.RemoveAuthor(c.UserId, c.AuthorId);
                    model.RemoveAuthor(c.UserId, c.AuthorId);
                    break;
                case TimelineCommandKind.Clear:
                    store.Clear(c.UserId);
                    model.Clear(c.UserId);
                    break;
                case TimelineCommandKind.Compact:
                    store.Compact(wholeLog: model.Users.Count() % 2 == 0);
                    break;
                default:
                    throw new InvalidOperationException("unknown command " + c.Kind);
            }
        }
    }

    internal static void AssertAgrees(TimelineStore store, TimelineModel model, long[] users)
    {
        int capacity = store.Capacity;
        var buffer = new TimelineEntry[capacity + 1];
        foreach (long user in users)
        {
            var expected = model.Of(user);
            Assert.Equal(expected.Count, store.Count(user));
            Assert.Equal(model.FloorOf(user), store.ReadState(user).Floor);
            Assert.Equal(expected, TestStores.All(store, user));

            // Bounds at, just beside and between stored ids, plus ones outside every id.
            var bounds = expected.SelectMany(e => new long?[] { e.TweetId - 1, e.TweetId, e.TweetId + 1 })
                .Append(null).Append(0).Append(1_000).Distinct().ToArray();
            int[] limits = [1, 3, capacity + 1];
            foreach (int limit in limits)
            {
                foreach (long? bound in bounds)
                {
                    AssertPage(store, model, user, bound, null, null, limit, buffer);
                    AssertPage(store, model, user, null, bound, null, limit, buffer);
                    AssertPage(store, model, user, null, null, bound, limit, buffer);
                    AssertPage(store, model, user, bound + 40, bound, null, limit, buffer);
                    AssertPage(store, model, user, bound + 40, null, bound, limit, buffer);
                    AssertPage(store, model, user, bound + 40, bound - 5, bound, limit, buffer);
                }

                AssertWalks(store, expected, user, limit, buffer);
            }
        }
    }

    private static void AssertPage(TimelineStore store, TimelineModel model, long user, long? maxId, long? sinceId, long? minId, int limit, TimelineEntry[] buffer)
    {
        int n = store.ReadPage(user, maxId, sinceId, minId, limit, buffer);
        Assert.Equal(model.Page(user, maxId, sinceId, minId, limit), buffer[..n]);
    }

    // Paging down with max_id, and up with min_id, must each visit every entry exactly once, in order.
    private static void AssertWalks(TimelineStore store, IReadOnlyList<TimelineEntry> expected, long user, int limit, TimelineEntry[] buffer)
    {
        var down = new List<TimelineEntry>();
        long? maxId = null;
        while (true)
        {
            int n = store.ReadPage(user, maxId, null, null, limit, buffer);
            if (n == 0)
            {
                break;
            }

            down.AddRange(buffer[..n]);
            maxId = buffer[n - 1].TweetId;
        }

        Assert.Equal(expected, down);

        var up = new List<TimelineEntry>();
        long minId = 0;
        while (true)
        {
            int n = store.ReadPage(user, null, null, minId, limit, buffer);
            if (n == 0)
            {
                break;
            }

            up.InsertRange(0, buffer[..n]);
            minId = buffer[0].TweetId;
        }

        Assert.Equal(expected, up);
    }

    // About one 4 KiB page of new records per round, so within eight rounds every record not copied since has left
    // the mutable region (updates become copy-updates) and then memory (updates and reads go pending).
    private static void Fill(TimelineStore store, TimelineModel model, int round)
    {
        const int Users = 40;
        for (int i = 0; i < Users; i++)
        {
            long user = 1_000 + ((round * Users) + i);
            var entry = new TimelineEntry(round + 1, 99);
            store.Insert(user, entry);
            model.Insert(user, entry);
        }
    }
}
