using Chirp.Bench.Data;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Graph;

/// <summary>
/// Loads a prefix of the real KONECT twitter follow graph (shared/data) into a 4-shard engine and checks every count and
/// list against the file. The whole graph is loaded by <c>Chirp.Bench load-graph</c> (docs/benchmarks.md).
/// </summary>
public sealed class RealFollowGraphTests
{
    private const int EdgeLimit = 40_000;

    [SkippableFact]
    public async Task Counts_and_lists_match_the_real_follow_graph_file()
    {
        var file = FollowGraphFile.Default();
        Skip.IfNot(File.Exists(file.Path), $"The shared data file {file.Path} is not on this machine.");
        var edges = file.LoadEdges(EdgeLimit);
        using var temp = new TempEngine(shards: 4);
        var engine = temp.Engine;

        var nodes = edges.SelectMany(e => new[] { e.Follower, e.Followee }).Distinct().ToArray();
        var ids = new Dictionary<int, long>(nodes.Length);
        using (var gate = new SemaphoreSlim(64))
        {
            var created = await Task.WhenAll(nodes.Select(async node =>
            {
                await gate.WaitAsync();
                try
                {
                    return (node, (await engine.CreateAccountAsync(new NewAccount($"u{node}", $"u{node}@example.com"))).Id);
                }
                finally
                {
                    gate.Release();
                }
            }));
            foreach (var (node, id) in created)
            {
                ids[node] = id;
            }

            await Task.WhenAll(edges.Select(async edge =>
            {
                await gate.WaitAsync();
                try
                {
                    await engine.FollowAsync(ids[edge.Follower], ids[edge.Followee]);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        await engine.FlushOutboxAsync();

        Assert.Equal(0, engine.GetOutboxDepth());
        Assert.Empty(engine.GetDeadLetters());
        var following = edges.GroupBy(e => e.Follower).ToDictionary(g => g.Key, g => g.Select(e => ids[e.Followee]).ToHashSet());
        var followers = edges.GroupBy(e => e.Followee).ToDictionary(g => g.Key, g => g.Select(e => ids[e.Follower]).ToHashSet());
        long followingSum = 0, followersSum = 0;
        foreach (int node in nodes)
        {
            var account = engine.GetAccount(ids[node])!;
            Assert.Equal(following.GetValueOrDefault(node)?.Count ?? 0, account.FollowingCount);
            Assert.Equal(followers.GetValueOrDefault(node)?.Count ?? 0, account.FollowersCount);
            followingSum += account.FollowingCount;
            followersSum += account.FollowersCount;
        }

        Assert.Equal(edges.Length, followingSum);
        Assert.Equal(edges.Length, followersSum);

        // Full lists, walked page by page, for the busiest nodes of each direction and a fixed random sample.
        var sample = following.Keys.OrderByDescending(n => following[n].Count).Take(5)
            .Concat(followers.Keys.OrderByDescending(n => followers[n].Count).Take(5))
            .Concat(new Random(7).GetItems(nodes, 50))
            .Distinct();
        foreach (int node in sample)
        {
            Assert.Equal(following.GetValueOrDefault(node) ?? [], WalkAll(p => engine.GetFollowing(ids[node], p)));
            Assert.Equal(followers.GetValueOrDefault(node) ?? [], WalkAll(p => engine.GetFollowers(ids[node], p)));
        }
    }

    private static HashSet<long> WalkAll(Func<PageRequest, Page<AccountEdge>> page)
    {
        var seen = new HashSet<long>();
        long? cursor = null;
        do
        {
            var current = page(new PageRequest { MaxId = cursor, Limit = 100 });
            foreach (var edge in current.Items)
            {
                Assert.True(seen.Add(edge.UserId), "a page repeated an account");
            }

            cursor = current.NextMaxId;
        }
        while (cursor is not null);

        return seen;
    }
}
