using Chirp.Bench.Workload;
using Npgsql;

namespace Chirp.Engine.Tests.Workload;

/// <summary>
/// The PostgreSQL peer against a real server (skipped where PostgreSQL is not installed). The tests share one server
/// (<see cref="PostgresFixture"/>); each uses its own users and its own range of post numbers.
/// </summary>
public sealed class PostgresSystemTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private PostgresSystem System
    {
        get
        {
            Skip.If(fixture.System is null, "PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin, no initdb on PATH).");
            return fixture.System!;
        }
    }

    [SkippableFact]
    public async Task Home_is_the_readers_and_followees_posts_newest_first()
    {
        var system = System;
        var world = fixture.World;
        (int User, long Post)[] posts = [(0, 101), (1, 102), (3, 103), (2, 104), (1, 105), (3, 106), (0, 107)];
        foreach (var (user, post) in posts)
        {
            await system.CreatePostAsync(user, post, $"home post {post} by {user}");
        }

        foreach (int reader in new[] { 0, 1, 3 })
        {
            long[] expected = [.. posts
                .Where(p => p.User == reader || world.Following[reader].Contains(p.User))
                .Select(p => p.Post)
                .OrderDescending()];
            Assert.Equal(expected, await system.ReadHomePostsAsync(reader, 100));
            Assert.Equal(expected.Length, await system.ReadHomeAsync(reader, 20));
            Assert.Equal(expected[..2], await system.ReadHomePostsAsync(reader, 2));
            Assert.Equal(2, await system.ReadHomeAsync(reader, 2));
        }

        // User 0 follows 1 and 2 and is followed by 3: 107, 105, 104, 102, 101 (not 3's 103 and 106).
        Assert.Equal([107L, 105, 104, 102, 101], await system.ReadHomePostsAsync(0, 100));
        var page = await system.ReadHomePageAsync(0, 3);
        Assert.Equal([107L, 105, 104], page.Select(e => e.Id));
        Assert.Equal(new PostgresPostView(105, "u2", "home post 105 by 1", 0, 0, false, null, null), page[1]);
        Assert.Equal((2, 1), await CountersAsync(0));

        // User 14's self-follow in the world was skipped by the load: its own post appears once.
        await system.CreatePostAsync(14, 601, "alone");
        Assert.Equal([601L], await system.ReadHomePostsAsync(14, 100));
        Assert.Equal(1, await system.ReadHomeAsync(14, 20));
        Assert.Equal((0, 0), await CountersAsync(14));
    }

    [SkippableFact]
    public async Task Retweets_are_read_in_the_home_timeline_but_are_not_posts()
    {
        var system = System;
        await system.CreatePostAsync(5, 201, "an original thought");
        await system.RetweetAsync(4, 201, 202);

        // User 6 follows only user 4, the retweeter: the retweet is on the page, hydrated with the original.
        Assert.Equal(1, await system.ReadHomeAsync(6, 20));
        Assert.Empty(await system.ReadHomePostsAsync(6, 20));
        var entry = Assert.Single(await system.ReadHomePageAsync(6, 20));
        Assert.Equal(new PostgresPostView(202, "u5", "an original thought", 0, 1, false, 201, "u6"), entry);

        // User 4 sees its own retweet and, through its followee 5, the original.
        Assert.Equal(2, await system.ReadHomeAsync(4, 20));
        Assert.Equal([201L], await system.ReadHomePostsAsync(4, 20));
        Assert.Equal(1, await ScalarAsync<int>("SELECT reblogs FROM posts WHERE id = 201"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => system.RetweetAsync(4, 299, 203).AsTask());
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM posts WHERE id = 203"));
    }

    [SkippableFact]
    public async Task Follow_and_unfollow_change_the_home_timeline_and_the_counters()
    {
        var system = System;
        await system.CreatePostAsync(9, 301, "from nine");
        await system.CreatePostAsync(8, 302, "from eight");
        Assert.Equal([302L], await system.ReadHomePostsAsync(7, 20));
        Assert.Equal((1, 1), await CountersAsync(7));

        await system.FollowAsync(7, 9);
        await system.FollowAsync(7, 9);
        Assert.Equal([302L, 301], await system.ReadHomePostsAsync(7, 20));
        Assert.Equal(2, await system.ReadHomeAsync(7, 20));
        Assert.Equal((2, 1), await CountersAsync(7));
        Assert.Equal((1, 1), await CountersAsync(9));

        await system.UnfollowAsync(7, 8);
        await system.UnfollowAsync(7, 8);
        Assert.Equal([301L], await system.ReadHomePostsAsync(7, 20));
        Assert.Equal((1, 1), await CountersAsync(7));
        Assert.Equal((0, 0), await CountersAsync(8));

        await Assert.ThrowsAsync<PostgresException>(() => system.FollowAsync(7, 7).AsTask());
        await Assert.ThrowsAsync<PostgresException>(() => system.FollowAsync(7, 1_000).AsTask());
        Assert.Equal((1, 1), await CountersAsync(7));
    }

    [SkippableFact]
    public async Task Likes_count_once_and_show_as_the_readers_flag()
    {
        var system = System;
        await system.CreatePostAsync(11, 401, "likeable");
        await system.LikeAsync(10, 401);
        await system.LikeAsync(10, 401);
        Assert.Equal(1, await ScalarAsync<int>("SELECT likes FROM posts WHERE id = 401"));
        Assert.Equal(1L, await ScalarAsync<long>("SELECT count(*) FROM likes WHERE post_id = 401"));

        var liker = Assert.Single(await system.ReadHomePageAsync(10, 20));
        Assert.Equal((401L, true, 1), (liker.Id, liker.Liked, liker.Likes));
        var author = Assert.Single(await system.ReadHomePageAsync(11, 20));
        Assert.Equal((401L, false, 1), (author.Id, author.Liked, author.Likes));

        // A retweet shows the original's like flag and counts.
        await system.RetweetAsync(10, 401, 402);
        var page = await system.ReadHomePageAsync(10, 20);
        Assert.Equal([402L, 401], page.Select(e => e.Id));
        Assert.Equal((true, 1, 1, 401L), (page[0].Liked, page[0].Likes, page[0].Reblogs, page[0].ReblogOf!.Value));

        await Assert.ThrowsAsync<PostgresException>(() => system.LikeAsync(10, 499).AsTask());
    }

    [SkippableFact]
    public async Task Search_finds_posts_by_word_newest_first_and_never_a_retweet()
    {
        var system = System;
        await system.CreatePostAsync(12, 501, "zebra crossing at noon");
        await system.CreatePostAsync(13, 502, "Zebra! And a quokka.");
        await system.CreatePostAsync(13, 503, "a quokka smiles");
        await system.CreatePostAsync(12, 504, "Grüße aus MÜNCHEN");
        await system.RetweetAsync(12, 501, 505);

        Assert.Equal([502L, 501], await system.SearchPostsAsync("zebra", 10));
        Assert.Equal([502L, 501], await system.SearchPostsAsync("ZEBRA", 10));
        Assert.Equal([503L, 502], await system.SearchPostsAsync("quokka", 10));
        Assert.Equal([503L], await system.SearchPostsAsync("quokka", 1));
        Assert.Equal([504L], await system.SearchPostsAsync("münchen", 10));
        Assert.Empty(await system.SearchPostsAsync("platypus", 10));

        Assert.Equal(2, await system.SearchAsync("zebra", 10));
        Assert.Equal(1, await system.SearchAsync("zebra", 1));
        Assert.Equal(0, await system.SearchAsync("platypus", 10));
        var page = await system.SearchPageAsync("zebra", 10);
        Assert.Equal(new PostgresPostView(502, "u14", "Zebra! And a quokka.", 0, 0, false, null, null), page[0]);
        Assert.Equal(new PostgresPostView(501, "u13", "zebra crossing at noon", 0, 1, false, null, null), page[1]);
    }

    [SkippableFact]
    public async Task Dispose_stops_every_server_process_and_deletes_the_directory()
    {
        Skip.IfNot(PostgresFixture.Installed, "PostgreSQL is not installed.");
        var system = await PostgresSystem.StartAsync(maxPoolSize: 4);
        int postmaster = system.Server.PostmasterPid;
        string directory = system.Server.Directory;
        IReadOnlyList<int> processes;
        try
        {
            Assert.Equal("postgres", system.Name);
            Assert.True(system.SupportsSearch);
            Assert.False(system.FansOut);
            Assert.Contains("PostgreSQL", system.Description);
            Assert.True(Directory.Exists(Path.Combine(directory, "data")));
            Assert.True(system.DiskBytes() > 1_000_000);
            await using (var command = system.DataSource.CreateCommand("SELECT 1"))
            {
                Assert.Equal(1, await command.ExecuteScalarAsync());
            }

            processes = system.ProcessIds;
            Assert.Equal(postmaster, processes[0]);
            // The checkpointer, background writer, WAL writer … and the backend of the pooled connection.
            Assert.True(processes.Count >= 4, $"Only {processes.Count} PostgreSQL processes: {string.Join(", ", processes)}.");
        }
        finally
        {
            await system.DisposeAsync();
        }

        Assert.False(Directory.Exists(directory));
        Assert.All(processes, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"PostgreSQL process {pid} is still running."));
        Assert.Empty(system.ProcessIds);
        await system.DisposeAsync();
    }

    private async Task<(int Following, int Followers)> CountersAsync(int user)
    {
        await using var command = System.DataSource.CreateCommand($"SELECT following, followers FROM users WHERE id = {user}");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt32(0), reader.GetInt32(1));
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = System.DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
