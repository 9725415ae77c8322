using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>
/// <see cref="ChirpHttpSystem"/> against a real in-process server: a four-user world (1 follows 0; 2 follows 0 and 1;
/// 3 follows 2), posts, a retweet, a like, a follow and an unfollow through the API, and what home reads and searches
/// then return.
/// </summary>
public sealed class ChirpHttpSystemTests
{
    private static TimelineWorld FourUsers() =>
        TimelineWorld.Build([new FollowEdge(1, 0), new FollowEdge(2, 0), new FollowEdge(2, 1), new FollowEdge(3, 2)], celebrities: 0, topShare: 0.3, seed: 1);

    [Fact]
    public async Task Home_timelines_follows_retweets_likes_and_search_go_through_the_api()
    {
        var world = FourUsers();
        await using var system = await ChirpHttpSystem.StartAsync(world, shards: 2, parentDirectory: null);
        Assert.Equal("chirp-http", system.Name);
        Assert.Equal(3, system.CelebrityThreshold);
        var loaded = new List<int>();
        await system.LoadAsync(world, new SynchronousProgress(loaded), CancellationToken.None);
        Assert.Equal([4], loaded);
        Assert.All(world.Ids, id => Assert.Equal(0, id)); // the world is left as it was, for other systems
        await system.ActivateAsync([0, 1, 2, 3], CancellationToken.None);
        Assert.Equal(4, system.Server.Engine.GetTimelineStatistics().ActiveTimelines);

        long insertsBefore = system.FanoutInserts;
        await system.CreatePostAsync(0, 1, "alpha zebra");
        await system.CreatePostAsync(1, 2, "bravo");
        await system.CreatePostAsync(2, 3, "charlie");
        await system.CreatePostAsync(3, 4, "delta");
        await system.CreatePostAsync(0, 5, "echo zebra");
        await system.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.True(system.FanoutInserts > insertsBefore, $"fanout inserts {insertsBefore} → {system.FanoutInserts}");
        Assert.Equal(0, system.Server.Engine.GetTimelineStatistics().PullAuthors);

        // Own posts and the followees', newest first by status id.
        Assert.Equal(NewestFirst(system, 5, 1), await system.ReadHomePostsAsync(0, 100));
        Assert.Equal(NewestFirst(system, 5, 2, 1), await system.ReadHomePostsAsync(1, 100));
        Assert.Equal(NewestFirst(system, 5, 3, 2, 1), await system.ReadHomePostsAsync(2, 100));
        Assert.Equal(NewestFirst(system, 4, 3), await system.ReadHomePostsAsync(3, 100));
        Assert.Equal(NewestFirst(system, 5, 3, 2, 1)[..2], await system.ReadHomePostsAsync(2, 2));

        // User 1 retweets user 3's post: user 2 (who follows 1, not 3) sees the retweet, which the cross-check skips.
        await system.RetweetAsync(1, 4, 6);
        Assert.NotEqual(system.StatusIdOf(4), system.StatusIdOf(6));
        await system.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal(5, await system.ReadHomeAsync(2, 40));
        Assert.Equal(2, await system.ReadHomeAsync(2, 2));
        Assert.Equal(NewestFirst(system, 5, 3, 2, 1), await system.ReadHomePostsAsync(2, 100));

        await system.LikeAsync(3, 1);
        using (var status = await system.Server.Client.GetFromJsonAsync<JsonDocument>($"/api/v1/statuses/{system.StatusIdOf(1)}"))
        {
            Assert.Equal(1, status!.RootElement.GetProperty("favourites_count").GetInt32());
        }

        // A follow brings the followee's posts in (backfill); an unfollow takes them out.
        await system.FollowAsync(3, 0);
        await system.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal(NewestFirst(system, 5, 4, 3, 1), await system.ReadHomePostsAsync(3, 100));
        await system.UnfollowAsync(3, 2);
        await system.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal(NewestFirst(system, 5, 4, 1), await system.ReadHomePostsAsync(3, 100));

        Assert.Equal(NewestFirst(system, 5, 1), await system.SearchPostsAsync("zebra", 100));
        Assert.Equal(NewestFirst(system, 5, 1)[..1], await system.SearchPostsAsync("zebra", 1));
        Assert.Equal(2, await system.SearchAsync("zebra", 20));
        Assert.Equal(1, await system.SearchAsync("zebra", 1));
        Assert.Empty(await system.SearchPostsAsync("nowhere", 100));

        var memory = await system.MeasureTimelineMemoryAsync();
        Assert.NotNull(memory);
        Assert.True(memory.Entries >= 10, $"{memory.Entries} entries");
        Assert.True(memory.Bytes > 0);
        Assert.True(system.DiskBytes() > 0);
    }

    [Fact]
    public async Task Pages_past_forty_and_maps_posts_made_concurrently()
    {
        var world = FourUsers();
        await using var system = await ChirpHttpSystem.StartAsync(world, shards: 2, parentDirectory: null);
        await system.LoadAsync(world, new Progress<int>(), CancellationToken.None);

        // 100 posts by user 0 from many tasks at once: numbers arrive out of order, and the home is newest first by id.
        await Parallel.ForAsync(1, 101, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (post, _) =>
            await system.CreatePostAsync(0, post, "post number " + post));
        await system.RetweetAsync(2, 50, 101);
        await system.WaitForQuiescenceAsync(CancellationToken.None);

        long[] expected = [.. Enumerable.Range(1, 100).Select(n => (long)n).OrderByDescending(system.StatusIdOf)];
        Assert.Equal(expected, await system.ReadHomePostsAsync(1, 1_000));
        Assert.Equal(expected[..45], await system.ReadHomePostsAsync(1, 45));
        Assert.Equal(100, await system.ReadHomeAsync(1, 1_000));
        Assert.Equal(70, await system.ReadHomeAsync(1, 70));
        // User 3 follows user 2: the retweet only.
        Assert.Equal(1, await system.ReadHomeAsync(3, 40));
        Assert.Empty(await system.ReadHomePostsAsync(3, 100));

        Assert.Equal(expected, await system.SearchPostsAsync("number", 1_000));
        Assert.Equal(100, await system.SearchAsync("number", 1_000));
        Assert.Equal(55, await system.SearchAsync("number", 55));
    }

    [Fact]
    public async Task A_lower_threshold_pulls_the_popular_author_and_the_home_still_holds_its_posts()
    {
        var world = FourUsers();
        await using var system = await ChirpHttpSystem.StartAsync(world, shards: 2, parentDirectory: null, celebrityThreshold: 2);
        await system.LoadAsync(world, new Progress<int>(), CancellationToken.None);
        await system.ActivateAsync([0, 1, 2, 3], CancellationToken.None);
        await system.CreatePostAsync(0, 1, "from the popular one");
        await system.CreatePostAsync(1, 2, "from user one");
        await system.WaitForQuiescenceAsync(CancellationToken.None);

        Assert.Equal(1, system.Server.Engine.GetTimelineStatistics().PullAuthors);
        Assert.Equal(NewestFirst(system, 2, 1), await system.ReadHomePostsAsync(2, 100));
    }

    [Fact]
    public async Task A_refused_request_throws_with_its_status()
    {
        var world = FourUsers();
        await using var system = await ChirpHttpSystem.StartAsync(world, shards: 2, parentDirectory: null);
        await Assert.ThrowsAsync<ArgumentException>(() => system.LoadAsync(FourUsers(), new Progress<int>(), CancellationToken.None));
        await system.LoadAsync(world, new Progress<int>(), CancellationToken.None);

        var selfFollow = await Assert.ThrowsAsync<InvalidOperationException>(async () => await system.FollowAsync(1, 1));
        Assert.Contains("422", selfFollow.Message, StringComparison.Ordinal);
        var blank = await Assert.ThrowsAsync<InvalidOperationException>(async () => await system.CreatePostAsync(1, 1, " "));
        Assert.Contains("422", blank.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => system.StatusIdOf(1));
    }

    /// <summary>
    /// Post numbers in the order a home or a search returns them: by status id, newest first. Posts made one after the
    /// other on different shards within one millisecond are ordered by shard, not by when they were made.
    /// </summary>
    private static long[] NewestFirst(ChirpHttpSystem system, params long[] posts) =>
        [.. posts.OrderByDescending(system.StatusIdOf)];

    /// <summary>Reports on the caller's thread (<see cref="Progress{T}"/> posts to the thread pool, too late to assert on).</summary>
    private sealed class SynchronousProgress(List<int> reports) : IProgress<int>
    {
        public void Report(int value) => reports.Add(value);
    }
}
