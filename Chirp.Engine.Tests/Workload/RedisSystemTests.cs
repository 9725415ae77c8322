using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Bench.Workload;
using Chirp.Bench.Workload.Redis;

namespace Chirp.Engine.Tests.Workload;

/// <summary>
/// The Redis peer against a private redis-server: timelines, retweets, follows, the cap, likes, the counters, the
/// memory measure and the server's lifecycle, checked against expectations computed from a five-user world.
/// </summary>
/// <remarks>
/// The world (src follows dst): 1→0, 2→0, 3→0, 2→1, 4→3. Its nodes are 0 … 4, so user u is node u, named "u{u}".
/// Tests that need the server skip when redis-server is not on PATH.
/// </remarks>
public sealed class RedisSystemTests
{
    private const string NoServer = "redis-server is not on PATH (Debian's redis-server package).";

    private static readonly FollowEdge[] Edges = [new(1, 0), new(2, 0), new(3, 0), new(2, 1), new(4, 3)];

    [SkippableFact]
    public async Task Home_timelines_hold_own_and_followees_posts_newest_first()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        var world = World();
        await using var redis = await StartLoadedAsync(world);

        // 60 posts from concurrent tasks, authors round-robin, so fanout jobs overlap.
        int[] authorOf = [.. Enumerable.Range(0, 61).Select(n => n % world.UserCount)];
        await Parallel.ForEachAsync(Enumerable.Range(1, 60), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (n, _) => await redis.CreatePostAsync(authorOf[n], n, Text(n)));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);

        long expectedInserts = 0;
        long expectedEntries = 0;
        var expectedHomes = new long[world.UserCount][];
        for (int u = 0; u < world.UserCount; u++)
        {
            long[] expected = [.. Enumerable.Range(1, 60).Where(n => authorOf[n] == u || world.Following[u].Contains(authorOf[n])).Select(n => (long)n).OrderDescending()];
            expectedHomes[u] = expected;
            Assert.Equal(expected, await redis.ReadHomePostsAsync(u, 1000));
            Assert.Equal(expected.Take(5), await redis.ReadHomePostsAsync(u, 5));
            Assert.Equal(Math.Min(20, expected.Length), await redis.ReadHomeAsync(u, 20));
            expectedInserts += 12 * (1 + world.Followers[u].Length);
            expectedEntries += expected.Length;
        }

        var page = await redis.ReadHomePageAsync(2, 3);
        Assert.Equal(expectedHomes[2].Take(3), page.Select(item => item.Entry));
        Assert.All(page, item => Assert.Equal(Text(item.Post), item.Text));
        Assert.All(page, item => Assert.Equal("u" + authorOf[item.Post].ToString(CultureInfo.InvariantCulture), item.AuthorName));
        Assert.Equal(expectedInserts, redis.FanoutInserts);
        Assert.Equal(TimeSpan.Zero, redis.CurrentFanoutLag);

        var memory = await redis.MeasureTimelineMemoryAsync();
        Assert.NotNull(memory);
        Assert.Equal(expectedEntries, memory.Entries);
        Assert.True(memory.Bytes > expectedEntries, $"{memory.Bytes} bytes for {expectedEntries} entries");
    }

    [SkippableFact]
    public async Task A_retweet_reaches_the_retweeters_followers_hydrated_but_is_not_a_post()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.RetweetAsync(1, original: 1, retweet: 2);
        await redis.WaitForQuiescenceAsync(CancellationToken.None);

        // User 2 follows both: the post and the retweet of it.
        Assert.Equal(2, await redis.ReadHomeAsync(2, 50));
        Assert.Equal([1L], await redis.ReadHomePostsAsync(2, 50));
        var page = await redis.ReadHomePageAsync(2, 50);
        Assert.Equal(new RedisHomeItem(2, 1, 0, "u0", Text(1), 0, 1, false, "u1"), page[0]);
        Assert.Equal(new RedisHomeItem(1, 1, 0, "u0", Text(1), 0, 1, false, null), page[1]);

        // The retweeter's own timeline has it; user 3 (follows 0, not 1) does not.
        Assert.Equal(2, await redis.ReadHomeAsync(1, 50));
        Assert.Equal(1, await redis.ReadHomeAsync(3, 50));
        // Post: 1 + three followers of 0; retweet: 1 + one follower of 1.
        Assert.Equal(6, redis.FanoutInserts);
    }

    [SkippableFact]
    public async Task Follow_backfills_the_followees_entries_and_unfollow_removes_them()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.CreatePostAsync(0, 2, Text(2));
        await redis.CreatePostAsync(3, 3, Text(3));
        await redis.RetweetAsync(0, original: 3, retweet: 4);
        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal([3L], await redis.ReadHomePostsAsync(4, 50));
        long before = redis.FanoutInserts;

        await redis.FollowAsync(4, 0);
        Assert.Equal([3L, 2L, 1L], await redis.ReadHomePostsAsync(4, 50));
        Assert.Equal([4L, 3L, 2L, 1L], (await redis.ReadHomePageAsync(4, 50)).Select(item => item.Entry));
        Assert.Equal(before + 3, redis.FanoutInserts);

        // Following again changes nothing; the new follower gets the followee's next post by fanout.
        await redis.FollowAsync(4, 0);
        Assert.Equal(before + 3, redis.FanoutInserts);
        await redis.CreatePostAsync(0, 5, Text(5));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal([5L, 3L, 2L, 1L], await redis.ReadHomePostsAsync(4, 50));

        // Unfollowing takes the followee's posts and retweets out, and fanout stops reaching the ex-follower.
        await redis.UnfollowAsync(4, 0);
        Assert.Equal([3L], (await redis.ReadHomePageAsync(4, 50)).Select(item => item.Entry));
        await redis.CreatePostAsync(0, 6, Text(6));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.Equal([3L], await redis.ReadHomePostsAsync(4, 50));
        Assert.Equal([6L, 5L, 2L, 1L], await redis.ReadHomePostsAsync(1, 50));
    }

    [SkippableFact]
    public async Task Celebrities_are_not_fanned_out_and_their_followers_pull_them_at_read_time()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        // User 0 has three followers (1, 2, 3): at a threshold of 3 it is a celebrity.
        await using var redis = await StartLoadedAsync(World(), celebrityThreshold: 3);
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.CreatePostAsync(3, 2, Text(2));
        await redis.CreatePostAsync(1, 3, Text(3));
        await redis.WaitForFanoutAsync(CancellationToken.None);

        // Own inserts for the three posts, then post 2 to user 4 and post 3 to user 2: nothing for the celebrity's post.
        Assert.Equal(5, redis.FanoutInserts);
        Assert.Equal([3L, 1L], await redis.ReadHomePostsAsync(1, 50));
        Assert.Equal([3L, 1L], (await redis.ReadHomePageAsync(2, 50)).Select(item => item.Post));
        Assert.Equal([2L, 1L], await redis.ReadHomePostsAsync(3, 50));
        Assert.Equal([2L], await redis.ReadHomePostsAsync(4, 50));
        var memory = await redis.MeasureTimelineMemoryAsync();
        Assert.Equal(5, memory!.Entries);
    }

    [SkippableFact]
    public async Task Held_fanout_queues_until_let_go()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        redis.HoldFanout(true);
        await redis.CreatePostAsync(3, 1, Text(1));
        await Task.Delay(50);
        Assert.Empty(await redis.ReadHomePostsAsync(4, 50));
        Assert.True(redis.CurrentFanoutLag >= TimeSpan.FromMilliseconds(40), $"lag {redis.CurrentFanoutLag}");

        redis.HoldFanout(false);
        await redis.WaitForFanoutAsync(CancellationToken.None);
        Assert.Equal([1L], await redis.ReadHomePostsAsync(4, 50));
        Assert.Equal(TimeSpan.Zero, redis.CurrentFanoutLag);
    }

    [SkippableFact]
    public async Task Timelines_are_capped_at_800_entries_and_backfill_takes_the_newest_800()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        for (int n = 1; n <= 805; n++)
        {
            await redis.CreatePostAsync(0, n, Text(n));
        }

        await redis.CreatePostAsync(1, 806, Text(806));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);

        long[] newest = [806, .. Enumerable.Range(7, 799).Select(n => (long)n).Reverse()];
        Assert.Equal(newest, await redis.ReadHomePostsAsync(1, 1000));
        Assert.Equal(newest, await redis.ReadHomePostsAsync(2, 1000));
        Assert.Equal(Enumerable.Range(6, 800).Select(n => (long)n).Reverse(), await redis.ReadHomePostsAsync(0, 1000));
        Assert.Equal(805 * 4 + 2, redis.FanoutInserts);

        await redis.FollowAsync(4, 0);
        Assert.Equal(Enumerable.Range(6, 800).Select(n => (long)n).Reverse(), await redis.ReadHomePostsAsync(4, 1000));
        Assert.Equal(805 * 4 + 2 + 800, redis.FanoutInserts);

        var memory = await redis.MeasureTimelineMemoryAsync();
        Assert.NotNull(memory);
        Assert.Equal(5 * 800, memory.Entries);
        // Full timelines are skiplists with Redis's defaults (more than 128 entries).
        Assert.True(memory.BytesPerEntry > 50, $"{memory.BytesPerEntry:F1} bytes an entry");

        // Unfollowing empties the timeline of the followee's entries, all 800 of them.
        await redis.UnfollowAsync(4, 0);
        Assert.Empty(await redis.ReadHomePostsAsync(4, 1000));
    }

    [SkippableFact]
    public async Task Server_arguments_reach_the_server()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        var options = new RedisSystemOptions { ServerArguments = ["--zset-max-listpack-entries", "1024"] };
        await using var redis = await RedisSystem.StartAsync(options);
        await redis.LoadAsync(World(), new LastReport(), CancellationToken.None);
        for (int n = 1; n <= 805; n++)
        {
            await redis.CreatePostAsync(0, n, Text(n));
        }

        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        var memory = await redis.MeasureTimelineMemoryAsync();
        Assert.NotNull(memory);
        Assert.Equal(4 * 800, memory.Entries);
        Assert.True(memory.BytesPerEntry < 20, $"{memory.BytesPerEntry:F1} bytes an entry");
        Assert.Contains("--zset-max-listpack-entries 1024", redis.Description, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Likes_count_once_per_user_and_show_as_the_readers_flag()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.CreatePostAsync(0, 2, Text(2));
        await redis.RetweetAsync(1, original: 2, retweet: 3);
        await redis.LikeAsync(2, 1);
        await redis.LikeAsync(2, 1);
        await redis.LikeAsync(1, 1);
        await redis.LikeAsync(2, 2);
        await redis.WaitForQuiescenceAsync(CancellationToken.None);

        // The retweet shows its original (post 2) with the original's counts and the reader's like of the original.
        RedisHomeItem[] expected =
        [
            new(3, 2, 0, "u0", Text(2), Likes: 1, Retweets: 1, Liked: true, RetweetedBy: "u1"),
            new(2, 2, 0, "u0", Text(2), Likes: 1, Retweets: 1, Liked: true, RetweetedBy: null),
            new(1, 1, 0, "u0", Text(1), Likes: 2, Retweets: 0, Liked: true, RetweetedBy: null),
        ];
        Assert.Equal(expected, await redis.ReadHomePageAsync(2, 50));

        var other = await redis.ReadHomePageAsync(3, 50);
        Assert.Equal([2L, 1L], other.Select(item => item.Entry));
        Assert.All(other, item => Assert.False(item.Liked));
        Assert.Equal([1L, 2L], other.Select(item => item.Likes));
    }

    [SkippableFact]
    public async Task Load_stores_the_follows_in_redis_and_reports_them()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        var world = World();
        await using var redis = await RedisSystem.StartAsync();
        var progress = new LastReport();
        await redis.LoadAsync(world, progress, CancellationToken.None);
        Assert.Equal(Edges.Length, progress.Last);

        // Fanout reads the followers from Redis: a post by 0 reaches 1, 2 and 3 and nobody else.
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        int[] counts = await Task.WhenAll(Enumerable.Range(0, 5).Select(u => redis.ReadHomeAsync(u, 10).AsTask()));
        Assert.Equal([1, 1, 1, 1, 0], counts);
    }

    [SkippableFact]
    public async Task The_system_describes_itself_and_refuses_search()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        await using var redis = await StartLoadedAsync(World());
        Assert.Equal("redis", redis.Name);
        Assert.False(redis.SupportsSearch);
        Assert.True(redis.FansOut);
        Assert.Equal([redis.Server.ProcessId], redis.ProcessIds);
        Assert.Contains(redis.Version, redis.Description, StringComparison.Ordinal);
        Assert.Contains("appendfsync everysec", redis.Description, StringComparison.Ordinal);
        Assert.Contains(redis.Server.Port.ToString(CultureInfo.InvariantCulture), redis.Description, StringComparison.Ordinal);
        await Assert.ThrowsAsync<NotSupportedException>(async () => await redis.SearchAsync("word", 10));
        await Assert.ThrowsAsync<NotSupportedException>(() => redis.SearchPostsAsync("word", 10));
    }

    [SkippableFact]
    public async Task Dispose_stops_the_server_and_deletes_its_directory()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), NoServer);
        var redis = await StartLoadedAsync(World());
        int pid = redis.Server.ProcessId;
        string directory = redis.Server.Directory;
        Assert.True(Directory.Exists($"/proc/{pid}"));
        await redis.CreatePostAsync(0, 1, Text(1));
        await redis.WaitForQuiescenceAsync(CancellationToken.None);
        Assert.True(redis.DiskBytes() > 0);

        // Disposing with fanout still queued drops it and still shuts down.
        for (int n = 2; n <= 200; n++)
        {
            await redis.CreatePostAsync(0, n, Text(n));
        }

        await redis.DisposeAsync();
        Assert.False(Directory.Exists($"/proc/{pid}"), $"redis-server {pid} is still running");
        Assert.False(Directory.Exists(directory));
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task A_missing_or_failing_binary_makes_the_system_unavailable()
    {
        string parent = Directory.CreateTempSubdirectory("chirp-redis-test-").FullName;
        try
        {
            var missing = await Assert.ThrowsAsync<WorkloadSystemUnavailableException>(() =>
                RedisSystem.StartAsync(new RedisSystemOptions { ServerPath = "/nonexistent/redis-server", ParentDirectory = parent }));
            Assert.Contains("redis-server", missing.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<WorkloadSystemUnavailableException>(() =>
                RedisSystem.StartAsync(new RedisSystemOptions { ServerPath = "no-such-redis-server-binary", ParentDirectory = parent }));

            // A binary that starts and exits at once.
            var failed = await Assert.ThrowsAsync<WorkloadSystemUnavailableException>(() =>
                RedisSystem.StartAsync(new RedisSystemOptions { ServerPath = "/bin/false", ParentDirectory = parent }));
            Assert.Contains("exited", failed.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(parent));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    private static TimelineWorld World() => TimelineWorld.Build([.. Edges], celebrities: 0, topShare: 0.3, seed: 1);

    /// <summary>A system that fans every author out (the hybrid has its own test), loaded with <paramref name="world"/>.</summary>
    private static async Task<RedisSystem> StartLoadedAsync(TimelineWorld world, int celebrityThreshold = int.MaxValue)
    {
        var redis = await RedisSystem.StartAsync(new RedisSystemOptions { CelebrityThreshold = celebrityThreshold });
        try
        {
            await redis.LoadAsync(world, new LastReport(), CancellationToken.None);
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    private static string Text(long post) => "post number " + post.ToString(CultureInfo.InvariantCulture);

    private sealed class LastReport : IProgress<int>
    {
        public int Last { get; private set; } = -1;

        public void Report(int value) => Last = value;
    }
}
