using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Graph;

/// <summary>
/// Home timelines on a prefix of the real KONECT twitter follow graph (shared/data) plus two synthetic celebrities,
/// with posts replayed from the real tweet corpus, checked against timelines computed from the loaded data alone.
/// </summary>
/// <remarks>
/// The graph's largest in-degree is small (at most 199 in the whole file), so the threshold is set just above the
/// prefix's largest in-degree: every graph user is fanned out and the two celebrities (followed by a random 30 % and
/// 15 % of the users) are pulled at read time. Timelines hold only 50 entries, so the busiest readers page past
/// their stored timelines into the logs. Posts are plain tweets (no replies, retweets or deletes), so a user's home
/// timeline is every tweet by the user or by someone the user follows, newest (highest id) first.
/// </remarks>
public sealed class RealGraphHomeTimelineTests
{
    private const int EdgeLimit = 20_000;
    private const int Posts = 3_000;
    private const int Capacity = 50;
    private const int PerGroup = 8;

    [SkippableFact]
    public async Task Home_timelines_on_the_real_graph_with_celebrities_match_the_follows_and_posts_loaded()
    {
        var graph = FollowGraphFile.Default();
        var corpus = TweetCorpusFile.Default();
        Skip.IfNot(File.Exists(graph.Path), $"The shared data file {graph.Path} is not on this machine.");
        Skip.IfNot(File.Exists(corpus.Path), $"The shared data file {corpus.Path} is not on this machine.");

        var world = TimelineWorld.Build(graph.LoadEdges(EdgeLimit), celebrities: 2, topShare: 0.30, seed: 4242);
        using var temp = new TempEngine(shards: 4, o => o with { CelebrityThreshold = world.CelebrityThreshold, TimelineCapacity = Capacity });
        var engine = temp.Engine;
        await world.LoadAsync(engine);

        // Active: a random half of the users who follow graph users (the crawled accounts, with long followings) and
        // 2,000 random others. Everyone else (the celebrities too) never reads before the checks, so their first read
        // rebuilds the timeline from the logs.
        var random = new Random(77);
        int[] crawled = [.. Enumerable.Range(0, world.RealUserCount).Where(u => world.RealFollowingCount(u) > 0)];
        random.Shuffle(crawled);
        var active = new HashSet<int>(crawled[..(crawled.Length / 2)]);
        active.UnionWith(random.GetItems(Enumerable.Range(0, world.RealUserCount).ToArray(), 2_000));
        world.Activate(engine, [.. active], parallelism: 4);
        Assert.Equal(active.Count, engine.GetTimelineStatistics().ActiveTimelines);

        int[] authors = PostAuthors.Draw(world, Posts, PostAuthorWeighting.Followers, celebrityShare: 0.05, seed: 99);
        var replay = await PostReplay.RunAsync(engine, world, authors, corpus.LoadValidTexts(Posts), concurrency: 16);
        Assert.Equal(0, replay.Failures);
        await engine.WaitForFanoutAsync();
        Assert.Equal(2, engine.GetTimelineStatistics().PullAuthors);
        Assert.True(replay.FanoutInserts > 0);

        // The reference: each user's posts, from the replay's own record of who posted what.
        var postsBy = new List<long>[world.UserCount];
        for (int u = 0; u < world.UserCount; u++)
        {
            postsBy[u] = [];
        }

        for (int i = 0; i < authors.Length; i++)
        {
            postsBy[authors[i]].Add(replay.TweetIds[i]);
        }

        List<long> Expected(int user) =>
            [.. world.Following[user].Append(user).SelectMany(u => postsBy[u]).OrderDescending()];

        // Entries that fanout stores (everything but the celebrities' posts).
        int Stored(int user) => world.Following[user].Append(user).Where(u => !world.IsCelebrity(u)).Sum(u => postsBy[u].Count);

        bool IsCrawled(int u) => world.RealFollowingCount(u) > 0;
        var groups = new (string Name, Func<int, bool> Filter)[]
        {
            ("active, follows graph users and a celebrity", u => active.Contains(u) && IsCrawled(u) && world.FollowsCelebrity(u)),
            ("active, follows graph users, no celebrity", u => active.Contains(u) && IsCrawled(u) && !world.FollowsCelebrity(u)),
            ("never read, follows graph users and a celebrity", u => !active.Contains(u) && IsCrawled(u) && world.FollowsCelebrity(u)),
            ("never read, follows graph users, no celebrity", u => !active.Contains(u) && IsCrawled(u) && !world.FollowsCelebrity(u)),
            ("active, follows only celebrities", u => active.Contains(u) && !IsCrawled(u) && world.FollowsCelebrity(u)),
            ("never read, follows nobody", u => !active.Contains(u) && !world.IsCelebrity(u) && world.Following[u].Length == 0),
            ("celebrity, never read", world.IsCelebrity),
        };

        int checkedUsers = 0;
        long checkedEntries = 0;
        bool pagedPastStored = false;
        foreach (var (name, filter) in groups)
        {
            int[] members = [.. Enumerable.Range(0, world.UserCount).Where(filter)];
            Assert.True(members.Length > 0, $"no user is {name}");
            // The users with the most stored entries (those that overflow the capacity), and random ones.
            int[] sample = [.. members.OrderByDescending(Stored).Take(2).Concat(random.GetItems(members, Math.Min(PerGroup, members.Length))).Distinct()];
            foreach (int user in sample)
            {
                var expected = Expected(user);
                var actual = ReadWholeTimeline(engine, world.Ids[user], random);
                Assert.True(expected.SequenceEqual(actual), $"{world.Username(user)} ({name}): expected {expected.Count} entries, got {actual.Count}; first difference at {FirstDifference(expected, actual)}");
                checkedUsers++;
                checkedEntries += expected.Count;
                pagedPastStored |= Stored(user) > Capacity;
            }
        }

        Assert.True(pagedPastStored, "no checked user had more fanned-out entries than a stored timeline holds");
        Assert.True(checkedEntries > checkedUsers, "the checked timelines are nearly empty");
    }

    /// <summary>Pages through the whole home timeline with MaxId and random page sizes; fails on a repeated entry.</summary>
    private static List<long> ReadWholeTimeline(ChirpEngine engine, long readerId, Random random)
    {
        var ids = new List<long>();
        var seen = new HashSet<long>();
        long? cursor = null;
        do
        {
            var page = engine.GetHomeTimeline(readerId, new PageRequest { MaxId = cursor, Limit = random.Next(1, ChirpEngine.MaxTimelineLimit + 1) });
            foreach (var item in page.Items)
            {
                Assert.True(seen.Add(item.Tweet.Id), $"tweet {item.Tweet.Id} came twice");
                ids.Add(item.Tweet.Id);
            }

            cursor = page.NextMaxId;
        }
        while (cursor is not null);

        return ids;
    }

    private static int FirstDifference(List<long> expected, List<long> actual)
    {
        int i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i])
        {
            i++;
        }

        return i;
    }
}
