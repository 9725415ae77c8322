using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Timelines;

public sealed class HomeTimelineTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4, o => o with { CelebrityThreshold = 3, TimelineCapacity = 10 });

    private ChirpEngine Engine => _temp.Engine;

    private long[] Home(long readerId, PageRequest page) =>
        [.. Engine.GetHomeTimeline(readerId, page).Items.Select(i => i.Tweet.Id)];

    private long[] Home(long readerId) => Home(readerId, PageRequest.First(40));

    /// <summary>Ids made in the same millisecond on different shards order by shard; tests that need order wait.</summary>
    private static Task NextMillisecond() => Task.Delay(2);

    [Fact]
    public async Task A_followers_timeline_gets_the_authors_tweets_newest_first()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        await Engine.FollowAsync(bob.Id, ann.Id);
        Assert.Empty(Home(bob.Id));

        var t1 = await Engine.CreateTweetAsync(ann.Id, "one");
        var t2 = await Engine.CreateTweetAsync(ann.Id, "two");
        await Engine.WaitForFanoutAsync();

        Assert.Equal([t2.Id, t1.Id], Home(bob.Id));
        var item = Engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items[0];
        Assert.Equal("two", item.Tweet.Text);
        Assert.Equal("ann", item.Author.Username);
        Assert.Null(item.Original);
    }

    [Fact]
    public async Task The_authors_own_tweet_is_in_their_timeline_when_create_returns()
    {
        var ann = await _temp.UserAsync("ann");
        Assert.Empty(Home(ann.Id));

        var tweet = await Engine.CreateTweetAsync(ann.Id, "mine");

        Assert.Equal([tweet.Id], Home(ann.Id));
    }

    [Fact]
    public async Task Follow_backfills_and_unfollow_removes_the_followees_entries()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var old = await Engine.CreateTweetAsync(ann.Id, "before the follow");
        Assert.Empty(Home(bob.Id));

        await Engine.FollowAsync(bob.Id, ann.Id);
        await Engine.WaitForFanoutAsync();
        Assert.Equal([old.Id], Home(bob.Id));

        await Engine.UnfollowAsync(bob.Id, ann.Id);
        await Engine.WaitForFanoutAsync();
        Assert.Empty(Home(bob.Id));
    }

    [Fact]
    public async Task Deleted_tweets_and_retweets_of_them_are_never_returned()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        await Engine.FollowAsync(cat.Id, ann.Id);
        await Engine.FollowAsync(cat.Id, bob.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "soon gone");
        await NextMillisecond();
        var retweet = await Engine.RetweetAsync(bob.Id, tweet.Id);
        await Engine.WaitForFanoutAsync();
        Assert.Equal([tweet.Id], Home(cat.Id));

        await Engine.DeleteTweetAsync(ann.Id, tweet.Id);
        await Engine.WaitForFanoutAsync();

        Assert.Empty(Home(cat.Id));
        Assert.DoesNotContain(retweet.Id, Home(bob.Id));
    }

    [Fact]
    public async Task A_retweet_is_hidden_when_its_original_is_among_the_40_entries_before_it()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        await Engine.FollowAsync(cat.Id, ann.Id);
        await Engine.FollowAsync(cat.Id, bob.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "original");
        await NextMillisecond();
        var retweet = await Engine.RetweetAsync(bob.Id, tweet.Id);
        await Engine.WaitForFanoutAsync();

        Assert.Equal([tweet.Id], Home(cat.Id));

        // A reader who does not follow the author sees the retweet, with the original inside.
        var dan = await _temp.UserAsync("dan");
        await Engine.FollowAsync(dan.Id, bob.Id);
        await Engine.WaitForFanoutAsync();
        var item = Assert.Single(Engine.GetHomeTimeline(dan.Id, PageRequest.First()).Items);
        Assert.Equal(retweet.Id, item.Tweet.Id);
        Assert.Equal(tweet.Id, item.Original!.Id);
        Assert.Equal("ann", item.OriginalAuthor!.Username);
    }

    [Fact]
    public async Task A_retweet_shows_again_once_its_original_is_more_than_40_entries_back()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        await Engine.FollowAsync(cat.Id, ann.Id);
        await Engine.FollowAsync(cat.Id, bob.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "original");
        for (int i = 0; i < 40; i++)
        {
            await Engine.CreateTweetAsync(ann.Id, $"filler {i}");
        }

        await NextMillisecond();

        var retweet = await Engine.RetweetAsync(bob.Id, tweet.Id);
        await Engine.WaitForFanoutAsync();

        Assert.Equal(retweet.Id, Home(cat.Id)[0]);
    }

    [Fact]
    public async Task A_reply_shows_only_to_readers_who_follow_the_replied_to_account()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        var dan = await _temp.UserAsync("dan");
        await Engine.FollowAsync(cat.Id, bob.Id);
        await Engine.FollowAsync(dan.Id, bob.Id);
        await Engine.FollowAsync(dan.Id, ann.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "question");
        var reply = await Engine.CreateReplyAsync(bob.Id, tweet.Id, "answer");
        var selfReply = await Engine.CreateReplyAsync(bob.Id, reply.Id, "and more");
        await Engine.WaitForFanoutAsync();

        Assert.Equal([selfReply.Id], Home(cat.Id));
        Assert.Equal([selfReply.Id, reply.Id, tweet.Id], Home(dan.Id));
        Assert.Equal([selfReply.Id, reply.Id], Home(bob.Id));
    }

    [Fact]
    public async Task Celebrity_tweets_are_merged_at_read_time_without_fanout()
    {
        var star = await _temp.UserAsync("star");
        var fans = new List<Account>();
        for (int i = 0; i < 3; i++)
        {
            var fan = await _temp.UserAsync($"fan{i}");
            await Engine.FollowAsync(fan.Id, star.Id);
            fans.Add(fan);
        }

        await Engine.FlushOutboxAsync();
        long insertsBefore = Engine.GetTimelineStatistics().FanoutInserts;
        var tweet = await Engine.CreateTweetAsync(star.Id, "hello fans");
        await Engine.WaitForFanoutAsync();

        Assert.Equal(insertsBefore, Engine.GetTimelineStatistics().FanoutInserts);
        Assert.Equal(1, Engine.GetTimelineStatistics().PullAuthors);
        foreach (var fan in fans)
        {
            Assert.Equal([tweet.Id], Home(fan.Id));
        }
    }

    [Fact]
    public async Task Crossing_the_celebrity_threshold_either_way_keeps_every_tweet_once()
    {
        var star = await _temp.UserAsync("star");
        var reader = await _temp.UserAsync("reader");
        await Engine.FollowAsync(reader.Id, star.Id);
        Assert.Empty(Home(reader.Id));
        var before = await Engine.CreateTweetAsync(star.Id, "fanned out");

        var others = new List<Account>();
        for (int i = 0; i < 2; i++)
        {
            var other = await _temp.UserAsync($"other{i}");
            await Engine.FollowAsync(other.Id, star.Id);
            others.Add(other);
        }

        await Engine.FlushOutboxAsync();
        var during = await Engine.CreateTweetAsync(star.Id, "pulled");
        await Engine.UnfollowAsync(others[0].Id, star.Id);
        await Engine.FlushOutboxAsync();
        var after = await Engine.CreateTweetAsync(star.Id, "fanned out again");
        await Engine.WaitForFanoutAsync();

        Assert.Equal([after.Id, during.Id, before.Id], Home(reader.Id));
    }

    [Fact]
    public async Task Paging_past_the_stored_capacity_pulls_older_tweets_from_the_logs()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        await Engine.FollowAsync(bob.Id, ann.Id);
        Assert.Empty(Home(bob.Id));
        var ids = new List<long>();
        for (int i = 0; i < 25; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        await Engine.WaitForFanoutAsync();
        ids.Reverse();

        var seen = new List<long>();
        var page = Engine.GetHomeTimeline(bob.Id, PageRequest.First(7));
        while (true)
        {
            seen.AddRange(page.Items.Select(i => i.Tweet.Id));
            if (page.NextMaxId is null)
            {
                break;
            }

            page = Engine.GetHomeTimeline(bob.Id, PageRequest.Before(page.NextMaxId.Value, 7));
        }

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Following_an_author_with_more_entries_than_a_timeline_holds_keeps_the_older_ones_reachable()
    {
        // Found by HomeTimelineProperties: the backfill stored the author's newest 10 entries under a floor of 0, so
        // the 11th was never shown.
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        Assert.Empty(Home(bob.Id));
        var ids = new List<long>();
        for (int i = 0; i < 11; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        await Engine.FollowAsync(bob.Id, ann.Id);
        await Engine.WaitForFanoutAsync();
        ids.Reverse();

        Assert.Equal(ids, Home(bob.Id));
        var older = Engine.GetHomeTimeline(bob.Id, PageRequest.Before(ids[^3], 5));
        Assert.Equal(ids[^2..], older.Items.Select(i => i.Tweet.Id));
        Assert.Null(older.NextMaxId);
    }

    [Fact]
    public async Task A_min_id_page_has_a_next_cursor_only_when_older_entries_exist()
    {
        // Found by HomeTimelineProperties: every non-empty min_id page had a next cursor, even with nothing older.
        var ann = await _temp.UserAsync("ann");
        var ids = new List<long>();
        for (int i = 0; i < 3; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        var all = Engine.GetHomeTimeline(ann.Id, new PageRequest { MinId = 0, Limit = 40 });
        Assert.Equal([ids[2], ids[1], ids[0]], all.Items.Select(i => i.Tweet.Id));
        Assert.Null(all.NextMaxId);

        var newer = Engine.GetHomeTimeline(ann.Id, new PageRequest { MinId = ids[0], Limit = 40 });
        Assert.Equal([ids[2], ids[1]], newer.Items.Select(i => i.Tweet.Id));
        Assert.Equal(ids[1], newer.NextMaxId);
    }

    [Fact]
    public async Task Min_id_returns_the_entries_just_newer_than_the_cursor_newest_first()
    {
        var ann = await _temp.UserAsync("ann");
        var ids = new List<long>();
        for (int i = 0; i < 8; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        var page = Engine.GetHomeTimeline(ann.Id, new PageRequest { MinId = ids[2], Limit = 3 });
        Assert.Equal([ids[5], ids[4], ids[3]], page.Items.Select(i => i.Tweet.Id));
        Assert.Equal(ids[5], page.PrevMinId);

        var since = Engine.GetHomeTimeline(ann.Id, new PageRequest { SinceId = ids[2], Limit = 3 });
        Assert.Equal([ids[7], ids[6], ids[5]], since.Items.Select(i => i.Tweet.Id));
    }

    [Fact]
    public async Task Timelines_are_rebuilt_from_the_logs_after_reopening()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        await Engine.FollowAsync(bob.Id, ann.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "durable");
        await NextMillisecond();
        var own = await Engine.CreateTweetAsync(bob.Id, "mine");

        _temp.Reopen();

        Assert.Equal([own.Id, tweet.Id], Home(bob.Id));
    }

    [Fact]
    public async Task Inactive_timelines_are_dropped_and_rebuilt_on_the_next_read()
    {
        var clock = new ManualClock(DateTimeOffset.Parse("2026-06-01T00:00:00Z"));
        using var temp = new TempEngine(shards: 2, o => o with { Clock = clock, InactiveAfter = TimeSpan.FromDays(1) });
        var engine = temp.Engine;
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        await engine.FollowAsync(bob.Id, ann.Id);
        Assert.Empty(engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items);
        Assert.Equal(1, engine.GetTimelineStatistics().ActiveTimelines);

        clock.Now += TimeSpan.FromDays(2);
        Assert.Equal(1, engine.DropInactiveTimelines());
        Assert.Equal(0, engine.GetTimelineStatistics().ActiveTimelines);

        long insertsBefore = engine.GetTimelineStatistics().FanoutInserts;
        clock.Now += TimeSpan.FromSeconds(1);
        var tweet = await engine.CreateTweetAsync(ann.Id, "while bob was away");
        await engine.WaitForFanoutAsync();

        Assert.Equal([tweet.Id], engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
    }

    [Fact]
    public async Task The_reader_flags_say_whether_the_reader_liked_or_retweeted_the_tweet_shown()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        await Engine.FollowAsync(bob.Id, ann.Id);
        var tweet = await Engine.CreateTweetAsync(ann.Id, "like me");
        await Engine.LikeAsync(bob.Id, tweet.Id);
        await Engine.WaitForFanoutAsync();

        var item = Assert.Single(Engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items);
        Assert.True(item.LikedByReader);
        Assert.False(item.RetweetedByReader);
        Assert.Equal(1, item.Tweet.LikeCount);
    }

    [Fact]
    public async Task Reader_flags_agree_with_the_like_and_retweet_lists_on_every_page()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        await Engine.FollowAsync(bob.Id, ann.Id);
        await Engine.FollowAsync(bob.Id, cat.Id);
        var random = new Random(7);
        var annTweets = new List<long>();
        for (int i = 0; i < 60; i++)
        {
            annTweets.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        // Dense likes (runs of liked tweets the page skips) and sparse retweets, some of tweets cat also retweets.
        foreach (long id in annTweets.Where(_ => random.Next(3) != 0))
        {
            await Engine.LikeAsync(bob.Id, id);
        }

        foreach (long id in annTweets.Where(_ => random.Next(5) == 0))
        {
            await Engine.RetweetAsync(random.Next(2) == 0 ? bob.Id : cat.Id, id);
        }

        await Engine.WaitForFanoutAsync();
        int checkedItems = 0;
        var page = Engine.GetHomeTimeline(bob.Id, PageRequest.First(7));
        while (true)
        {
            var shown = page.Items.Select(i => (i.Original ?? i.Tweet).Id).ToList();
            Assert.Equal(Engine.HasLiked(bob.Id, shown), page.Items.Select(i => i.LikedByReader));
            Assert.Equal(Engine.HasRetweeted(bob.Id, shown), page.Items.Select(i => i.RetweetedByReader));
            checkedItems += page.Items.Count;
            if (page.NextMaxId is null)
            {
                break;
            }

            page = Engine.GetHomeTimeline(bob.Id, PageRequest.Before(page.NextMaxId.Value, 7));
        }

        Assert.True(checkedItems >= 60);
    }

    [Fact]
    public async Task Fanout_to_a_long_follower_list_follows_the_lists_changes()
    {
        // Lists of 1024 followers or more are kept in memory for fanout; a follow or unfollow must reach that copy.
        using var temp = new TempEngine(shards: 2);
        var engine = temp.Engine;
        var author = await temp.UserAsync("author");
        var followers = new List<Account>();
        for (int i = 0; i < 1030; i++)
        {
            var follower = await temp.UserAsync($"f{i}");
            await engine.FollowAsync(follower.Id, author.Id);
            Assert.Empty(engine.GetHomeTimeline(follower.Id, PageRequest.First()).Items);
            followers.Add(follower);
        }

        var first = await engine.CreateTweetAsync(author.Id, "to all");
        await engine.WaitForFanoutAsync();
        var leaver = followers[17];
        await engine.UnfollowAsync(leaver.Id, author.Id);
        var joiner = await temp.UserAsync("joiner");
        Assert.Empty(engine.GetHomeTimeline(joiner.Id, PageRequest.First()).Items);
        await engine.FollowAsync(joiner.Id, author.Id);
        await engine.WaitForFanoutAsync();
        var second = await engine.CreateTweetAsync(author.Id, "to the current followers");
        await engine.WaitForFanoutAsync();

        Assert.Equal([second.Id, first.Id], engine.GetHomeTimeline(followers[1029].Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
        Assert.Equal([second.Id, first.Id], engine.GetHomeTimeline(joiner.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
        Assert.Empty(engine.GetHomeTimeline(leaver.Id, PageRequest.First()).Items);
    }

    [Fact]
    public async Task Bad_requests_get_typed_errors()
    {
        var ann = await _temp.UserAsync("ann");

        var tooMany = Assert.Throws<ChirpException>(() => Engine.GetHomeTimeline(ann.Id, PageRequest.First(41)));
        Assert.Equal(ChirpErrorCode.Validation, tooMany.ErrorCode);
        Assert.Equal("limit", tooMany.Field);
        var missing = Assert.Throws<ChirpException>(() => Engine.GetHomeTimeline(ann.Id + 1, PageRequest.First()));
        Assert.Equal(ChirpErrorCode.NotFound, missing.ErrorCode);
        var minId = Assert.Throws<ChirpException>(() => Engine.GetFollowers(ann.Id, new PageRequest { MinId = 1 }));
        Assert.Equal("min_id", minId.Field);
    }

    public void Dispose() => _temp.Dispose();
}
