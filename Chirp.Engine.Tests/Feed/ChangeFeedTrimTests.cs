using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Feed;

/// <summary>Trimming the change feed below what fanout, search and the retention still need.</summary>
public sealed class ChangeFeedTrimTests
{
    [Fact]
    public async Task Trimming_removes_the_entries_below_the_retention_and_shrinks_the_feeds_bytes()
    {
        using var temp = new TempEngine(shards: 1, o => o with { IndexForSearch = false, ChangeFeedRetention = 10 });
        var engine = temp.Engine;
        var ann = await temp.UserAsync("ann");
        for (int i = 0; i < 2_000; i++)
        {
            await engine.CreateTweetAsync(ann.Id, $"post {i} with some words to make the change feed entry a realistic size");
        }

        await engine.WaitForFanoutAsync();
        long applied = engine.GetAppliedPosition(0);
        long bytesBefore = engine.GetChangeFeedBytes(0);

        long trimmed = engine.TrimChangeFeeds();

        Assert.Equal(applied - 10, trimmed);
        Assert.Equal(applied - 9, engine.GetOldestChangePosition(0));
        Assert.True(engine.GetChangeFeedBytes(0) < bytesBefore / 10, $"{bytesBefore} bytes before the trim, {engine.GetChangeFeedBytes(0)} after");
        var kept = engine.ReadChanges(0, applied - 10);
        Assert.Equal(10, kept.Count);
        Assert.Equal(applied, kept[^1].Position);
    }

    [Fact]
    public async Task Reading_below_the_trimmed_part_fails_with_feed_trimmed_naming_the_oldest_kept_position()
    {
        using var temp = new TempEngine(shards: 1, o => o with { IndexForSearch = false, ChangeFeedRetention = 3 });
        var engine = temp.Engine;
        var ann = await temp.UserAsync("ann");
        for (int i = 0; i < 10; i++)
        {
            await engine.CreateTweetAsync(ann.Id, $"post {i}");
        }

        await engine.WaitForFanoutAsync();
        engine.TrimChangeFeeds();
        long oldest = engine.GetOldestChangePosition(0);

        var error = Assert.Throws<ChirpException>(() => engine.ReadChanges(0, 0));
        Assert.Equal(ChirpErrorCode.FeedTrimmed, error.ErrorCode);
        Assert.Equal("feed_trimmed", error.Code);
        Assert.Contains($"position {oldest}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ChirpException>(() => engine.ReadChanges(0, oldest - 2));
        Assert.Equal(oldest, engine.ReadChanges(0, oldest - 1)[0].Position);
    }

    [Fact]
    public async Task The_feed_is_not_trimmed_past_what_fanout_has_not_done()
    {
        using var temp = new TempEngine(shards: 1, o => o with { IndexForSearch = false, ChangeFeedRetention = 0 });
        var engine = temp.Engine;
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        await engine.FollowAsync(bob.Id, ann.Id);
        Assert.Empty(engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items);
        await engine.WaitForFanoutAsync();
        long fannedOut = engine.GetAppliedPosition(0);
        engine.HoldFanout(true);
        var post = await engine.CreateTweetAsync(ann.Id, "waits for fanout");

        engine.TrimChangeFeeds();

        Assert.Equal(fannedOut + 1, engine.GetOldestChangePosition(0));
        engine.HoldFanout(false);
        await engine.WaitForFanoutAsync();
        Assert.Equal([post.Id], engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
    }

    [Fact]
    public async Task Fanout_and_search_keep_working_across_close_and_reopen_after_a_trim()
    {
        using var temp = new TempEngine(shards: 2, o => o with { ChangeFeedRetention = 0 });
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        await temp.Engine.FlushOutboxAsync();
        await temp.Engine.FollowAsync(bob.Id, ann.Id);
        await temp.Engine.FlushOutboxAsync();
        var before = await temp.Engine.CreateTweetAsync(ann.Id, "zebra before the trim");
        await temp.Engine.WaitForSearchAsync();

        // The close commits the search index, so everything up to the applied position may go.
        var engine = temp.Reopen();
        Assert.True(engine.TrimChangeFeeds() > 0);
        Assert.All(Enumerable.Range(0, 2), shard => Assert.Equal(engine.GetAppliedPosition(shard) + 1, engine.GetOldestChangePosition(shard)));
        Assert.Equal([before.Id], engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));

        var after = await engine.CreateTweetAsync(ann.Id, "zebra after the trim");
        await engine.WaitForFanoutAsync();
        await engine.WaitForSearchAsync();
        Assert.Equal([after.Id, before.Id], engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
        Assert.Equal([after.Id, before.Id], engine.SearchTweets("zebra").Items.Select(i => i.Tweet.Id));

        engine = temp.Reopen();
        engine.TrimChangeFeeds();
        await engine.WaitForSearchAsync();
        Assert.Equal([after.Id, before.Id], engine.GetHomeTimeline(bob.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
        Assert.Equal([after.Id, before.Id], engine.SearchTweets("zebra").Items.Select(i => i.Tweet.Id));
    }

    [Fact]
    public async Task A_search_index_left_behind_the_trimmed_feed_is_refilled_from_the_records()
    {
        using var temp = new TempEngine(shards: 1, o => o with { ChangeFeedRetention = 0 });
        var ann = await temp.UserAsync("ann");
        var indexed = await temp.Engine.CreateTweetAsync(ann.Id, "walrus while indexing");
        await temp.Engine.WaitForSearchAsync();
        temp.Engine.Dispose();

        // Search off for a while: the index keeps its old position while the feed moves on and is trimmed.
        var unindexed = temp.Options with { IndexForSearch = false };
        long unseen;
        using (var searchOff = ChirpEngine.Open(unindexed))
        {
            unseen = (await searchOff.CreateTweetAsync(ann.Id, "walrus while search was off")).Id;
            await searchOff.WaitForFanoutAsync();
            Assert.True(searchOff.TrimChangeFeeds() > 0);
        }

        var engine = temp.Reopen();
        await engine.WaitForSearchAsync().WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal([unseen, indexed.Id], engine.SearchTweets("walrus").Items.Select(i => i.Tweet.Id));
        Assert.Equal(0, engine.GetSearchStatistics()[0].Failures);
    }

    [Fact]
    public void A_negative_retention_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ChirpEngineOptions.ForPath("unused") with { ChangeFeedRetention = -1 });
    }
}
