using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Feed;

/// <summary>The in-memory pull-author set follows the committed edges, before a celebrity's write is acknowledged.</summary>
public sealed class PullAuthorTests
{
    [Fact]
    public async Task A_celebritys_post_is_in_a_followers_home_timeline_as_soon_as_the_write_returns_with_fanout_held()
    {
        using var temp = new TempEngine(shards: 2, o => o with { CelebrityThreshold = 1 });
        var engine = temp.Engine;
        var star = await temp.UserAsync("star");
        var fan = await temp.UserAsync("fan");
        await engine.WaitForDeliveryAsync(await engine.FollowAsync(fan.Id, star.Id));
        Assert.Empty(engine.GetHomeTimeline(fan.Id, PageRequest.First()).Items);
        engine.HoldFanout(true);

        var post = await engine.CreateTweetAsync(star.Id, "posted as a celebrity");

        Assert.Equal([post.Id], engine.GetHomeTimeline(fan.Id, PageRequest.First()).Items.Select(i => i.Tweet.Id));
        Assert.Equal(1, engine.GetTimelineStatistics().PullAuthors);
        engine.HoldFanout(false);
    }

    [Fact]
    public async Task A_retweet_by_a_celebrity_on_another_shard_than_the_original_is_pulled_at_once()
    {
        using var temp = new TempEngine(shards: 2, o => o with { CelebrityThreshold = 1 });
        var engine = temp.Engine;
        var star = await temp.UserAsync("star");
        Account author;
        int i = 0;
        do
        {
            author = await temp.UserAsync($"author{i++}");
        }
        while (SnowflakeId.ShardOf(author.Id) == SnowflakeId.ShardOf(star.Id));

        var fan = await temp.UserAsync("fan");
        await engine.WaitForDeliveryAsync(await engine.FollowAsync(fan.Id, star.Id));
        var original = await engine.CreateTweetAsync(author.Id, "by someone else");
        Assert.Empty(engine.GetHomeTimeline(fan.Id, PageRequest.First()).Items);
        engine.HoldFanout(true);

        var retweet = await engine.RetweetAsync(star.Id, original.Id);

        Assert.Equal([retweet.Id], engine.GetHomeTimeline(fan.Id, PageRequest.First()).Items.Select(item => item.Tweet.Id));
        engine.HoldFanout(false);
    }

    [Fact]
    public async Task Pull_authors_are_known_again_after_a_reopen()
    {
        using var temp = new TempEngine(shards: 2, o => o with { CelebrityThreshold = 1 });
        var star = await temp.UserAsync("star");
        var fan = await temp.UserAsync("fan");
        await temp.Engine.WaitForDeliveryAsync(await temp.Engine.FollowAsync(fan.Id, star.Id));
        var post = await temp.Engine.CreateTweetAsync(star.Id, "before the reopen");

        var engine = temp.Reopen();
        engine.HoldFanout(true);

        Assert.Equal(1, engine.GetTimelineStatistics().PullAuthors);
        Assert.Equal([post.Id], engine.GetHomeTimeline(fan.Id, PageRequest.First()).Items.Select(item => item.Tweet.Id));
        engine.HoldFanout(false);
    }
}
