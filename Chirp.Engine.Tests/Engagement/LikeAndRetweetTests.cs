using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Engagement;

public sealed class LikeAndRetweetTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Like_is_idempotent_counted_and_undoable()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "likeable");

        await Engine.LikeAsync(bob.Id, tweet.Id);
        await Engine.LikeAsync(bob.Id, tweet.Id);
        await Engine.LikeAsync(ann.Id, tweet.Id);
        await Engine.FlushOutboxAsync();

        Assert.Equal(2, Engine.GetTweet(tweet.Id)!.LikeCount);
        Assert.Equal([ann.Id, bob.Id], Engine.GetLikers(tweet.Id, PageRequest.First()).Items.Select(e => e.UserId));
        Assert.Equal([true], Engine.HasLiked(bob.Id, [tweet.Id]));

        await Engine.UnlikeAsync(bob.Id, tweet.Id);
        await Engine.UnlikeAsync(bob.Id, tweet.Id);
        await Engine.FlushOutboxAsync();

        Assert.Equal(1, Engine.GetTweet(tweet.Id)!.LikeCount);
        Assert.Equal([false], Engine.HasLiked(bob.Id, [tweet.Id]));
    }

    [Fact]
    public async Task Has_liked_answers_for_a_batch_in_order()
    {
        var ann = await _temp.UserAsync("ann");
        var t1 = await Engine.CreateTweetAsync(ann.Id, "one");
        var t2 = await Engine.CreateTweetAsync(ann.Id, "two");
        var t3 = await Engine.CreateTweetAsync(ann.Id, "three");

        await Engine.LikeAsync(ann.Id, t1.Id);
        await Engine.LikeAsync(ann.Id, t3.Id);

        Assert.Equal([true, false, true, false], Engine.HasLiked(ann.Id, [t1.Id, t2.Id, t3.Id, 999]));
    }

    [Fact]
    public async Task Liked_tweets_are_most_recently_liked_first_and_skip_deleted()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var t1 = await Engine.CreateTweetAsync(ann.Id, "one");
        var t2 = await Engine.CreateTweetAsync(ann.Id, "two");
        var t3 = await Engine.CreateTweetAsync(ann.Id, "three");
        await Engine.LikeAsync(bob.Id, t2.Id);
        await Engine.LikeAsync(bob.Id, t1.Id);
        await Engine.LikeAsync(bob.Id, t3.Id);

        await Engine.DeleteTweetAsync(ann.Id, t3.Id);
        var first = Engine.GetLikedTweets(bob.Id, PageRequest.First(1));
        var second = Engine.GetLikedTweets(bob.Id, PageRequest.Before(first.NextMaxId!.Value, 5));

        Assert.Equal([t1.Id], first.Items.Select(t => t.Id));
        Assert.Equal([t2.Id], second.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task Like_of_missing_tweet_or_by_missing_user_is_not_found()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "x");

        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.LikeAsync(ann.Id, 5555).AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.LikeAsync(5555, tweet.Id).AsTask())).ErrorCode);
    }

    [Fact]
    public async Task Retweet_is_an_entry_of_the_retweeter_counted_on_the_original_and_idempotent()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var original = await Engine.CreateTweetAsync(ann.Id, "worth sharing");

        var retweet = await Engine.RetweetAsync(bob.Id, original.Id);
        var again = await Engine.RetweetAsync(bob.Id, original.Id);
        var ofRetweet = await Engine.RetweetAsync(bob.Id, retweet.Id);
        await Engine.FlushOutboxAsync();

        Assert.Equal(retweet.Id, again.Id);
        Assert.Equal(retweet.Id, ofRetweet.Id);
        Assert.True(retweet.IsRetweet);
        Assert.Equal(original.Id, retweet.RetweetOfId);
        Assert.Equal(bob.Id, retweet.AuthorId);
        Assert.Equal(1, Engine.GetTweet(original.Id)!.RetweetCount);
        Assert.Equal([bob.Id], Engine.GetRetweeters(original.Id, PageRequest.First()).Items.Select(e => e.UserId));
        Assert.Equal([retweet.Id], Engine.GetUserTweets(bob.Id, PageRequest.First()).Items.Select(t => t.Id));
        Assert.Equal([true, false], Engine.HasRetweeted(bob.Id, [original.Id, retweet.Id]));
    }

    [Fact]
    public async Task Undo_retweet_removes_the_entry_and_the_count()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var original = await Engine.CreateTweetAsync(ann.Id, "worth sharing");
        var retweet = await Engine.RetweetAsync(bob.Id, original.Id);

        await Engine.UndoRetweetAsync(bob.Id, original.Id);
        await Engine.UndoRetweetAsync(bob.Id, original.Id);
        await Engine.FlushOutboxAsync();

        Assert.Null(Engine.GetTweet(retweet.Id));
        Assert.Equal(0, Engine.GetTweet(original.Id)!.RetweetCount);
        Assert.Empty(Engine.GetUserTweets(bob.Id, PageRequest.First()).Items);
        Assert.Equal([false], Engine.HasRetweeted(bob.Id, [original.Id]));

        var again = await Engine.RetweetAsync(bob.Id, original.Id);
        Assert.NotEqual(retweet.Id, again.Id);
    }

    [Fact]
    public async Task Deleting_a_retweet_entry_undoes_it_and_deleting_the_original_hides_retweets()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var cat = await _temp.UserAsync("cat");
        var original = await Engine.CreateTweetAsync(ann.Id, "original");
        var byBob = await Engine.RetweetAsync(bob.Id, original.Id);
        var byCat = await Engine.RetweetAsync(cat.Id, original.Id);

        await Engine.DeleteTweetAsync(bob.Id, byBob.Id);
        await Engine.DeleteTweetAsync(ann.Id, original.Id);

        Assert.Null(Engine.GetTweet(byBob.Id));
        Assert.Null(Engine.GetTweet(byCat.Id));
        Assert.Empty(Engine.GetUserTweets(cat.Id, PageRequest.First()).Items);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.RetweetAsync(bob.Id, original.Id).AsTask())).ErrorCode);
    }

    public void Dispose() => _temp.Dispose();
}
