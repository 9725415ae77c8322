using BenchmarkDotNet.Attributes;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Micro;

/// <summary>
/// Hydrated home-timeline reads: the first page of 20 entries, as <c>GetHomeTimeline</c> returns it (tweets, authors,
/// reader flags), for a reader who follows 100 accounts and whose stored timeline is full (800 entries, fanned out),
/// and for a reader who follows the same 100 plus one celebrity whose tweets are merged in at read time.
/// </summary>
/// <remarks>
/// 4 shards, CelebrityThreshold 3: each of the 100 followees has 2 followers (the two readers) and is fanned out; the
/// celebrity has 3 (the second reader and two others) and is pulled. The followees post 10 tweets each, one after
/// another, and the celebrity posts after every 10 of theirs (1,000 + 100 tweets), so every page of the second reader
/// mixes about 2 pulled tweets into 18 stored ones. Fanout is waited for before measuring; both readers have read once.
/// </remarks>
[MemoryDiagnoser]
public class HomeTimelineBenchmarks
{
    private const int Followees = 100;
    private const int TweetsPerFollowee = 10;
    private const int PageSize = 20;

    private ScratchEngine _scratch = null!;
    private long _reader;
    private long _celebrityReader;

    [GlobalSetup]
    public void Setup()
    {
        string[] texts = MicroFixture.LoadTexts();
        _scratch = ScratchEngine.Create(shardCount: 4, configure: o => o with { CelebrityThreshold = 3 });
        var engine = _scratch.Engine;
        long[] accounts = _scratch.CreateAccountsAsync(Followees + 5, "home").GetAwaiter().GetResult();
        _reader = accounts[0];
        _celebrityReader = accounts[1];
        long celebrity = accounts[2];
        long[] followees = accounts[5..];
        Run(async () =>
        {
            foreach (long followee in followees)
            {
                await engine.FollowAsync(_reader, followee);
                await engine.FollowAsync(_celebrityReader, followee);
            }

            await engine.FollowAsync(_celebrityReader, celebrity);
            await engine.FollowAsync(accounts[3], celebrity);
            await engine.FollowAsync(accounts[4], celebrity);
            await engine.WaitForFanoutAsync();

            // Both readers become active, so fanout fills their stored timelines.
            engine.GetHomeTimeline(_reader, PageRequest.First(PageSize));
            engine.GetHomeTimeline(_celebrityReader, PageRequest.First(PageSize));
            int posted = 0;
            for (int round = 0; round < TweetsPerFollowee; round++)
            {
                foreach (long followee in followees)
                {
                    await engine.CreateTweetAsync(followee, texts[posted++ % texts.Length]);
                    if (posted % 10 == 0)
                    {
                        await engine.CreateTweetAsync(celebrity, texts[posted % texts.Length]);
                    }
                }
            }

            await engine.WaitForFanoutAsync();
        });

        int capacity = engine.Options.TimelineCapacity;
        foreach (long reader in new[] { _reader, _celebrityReader })
        {
            int stored = engine.Timelines.Count(reader);
            if (stored != capacity)
            {
                throw new InvalidOperationException($"Expected a full stored timeline of {capacity} entries, found {stored}.");
            }
        }

        var page = engine.GetHomeTimeline(_celebrityReader, PageRequest.First(PageSize));
        if (page.Items.Count != PageSize || !page.Items.Any(i => i.Author.Id == celebrity) || GetHomeTimeline().Items.Count != PageSize)
        {
            throw new InvalidOperationException("The first pages are not full, or the celebrity reader's page has no pulled tweet.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _scratch.Dispose();

    [Benchmark(Description = "Home timeline, 20 hydrated (100 followees, stored)")]
    public TimelinePage GetHomeTimeline() => _scratch.Engine.GetHomeTimeline(_reader, PageRequest.First(PageSize));

    [Benchmark(Description = "Home timeline, 20 hydrated (100 followees + 1 celebrity pulled)")]
    public TimelinePage GetHomeTimelineWithCelebrity() => _scratch.Engine.GetHomeTimeline(_celebrityReader, PageRequest.First(PageSize));

    private static void Run(Func<Task> setup) => Task.Run(setup).GetAwaiter().GetResult();
}
