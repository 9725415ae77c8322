using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Storage;

/// <summary>A retry of a write is applied once: with the first call's request id, and for edit and delete also without.</summary>
public sealed class RequestIdRetryTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_retried_edit_with_its_request_id_adds_one_version_and_never_undoes_a_later_edit()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "v1");
        var edit = Guid.CreateVersion7();
        await Engine.EditTweetAsync(ann.Id, tweet.Id, "v2", requestId: edit);
        await Engine.EditTweetAsync(ann.Id, tweet.Id, "v3");
        long feed = ChangeFeedLength();

        var retried = await Engine.EditTweetAsync(ann.Id, tweet.Id, "v2", requestId: edit);

        Assert.Equal(("v3", 2), (retried.Text, retried.EditCount));
        Assert.Equal(["v1", "v2"], Engine.GetEditHistory(tweet.Id).Select(v => v.Text));
        Assert.Equal(feed, ChangeFeedLength());
    }

    [Fact]
    public async Task A_retried_delete_with_its_request_id_answers_as_the_first_and_changes_nothing()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "short-lived");
        var delete = Guid.CreateVersion7();
        bool first = await Engine.DeleteTweetAsync(ann.Id, tweet.Id, delete);
        long feed = ChangeFeedLength();

        bool retried = await Engine.DeleteTweetAsync(ann.Id, tweet.Id, delete);
        bool another = await Engine.DeleteTweetAsync(ann.Id, tweet.Id, Guid.CreateVersion7());

        Assert.Equal((true, true, false), (first, retried, another));
        Assert.Equal(feed, ChangeFeedLength());
        Assert.Equal(0, Engine.GetAccount(ann.Id)!.TweetsCount);
    }

    [Fact]
    public async Task A_retried_follow_or_like_with_its_request_id_is_not_applied_again_after_an_undo()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var tweet = await Engine.CreateTweetAsync(bob.Id, "likeable");
        var follow = Guid.CreateVersion7();
        var like = Guid.CreateVersion7();
        await Engine.FollowAsync(ann.Id, bob.Id, follow);
        await Engine.LikeAsync(ann.Id, tweet.Id, like);
        await Engine.UnfollowAsync(ann.Id, bob.Id);
        await Engine.UnlikeAsync(ann.Id, tweet.Id);
        await Engine.FlushOutboxAsync();
        long feed = ChangeFeedLength();

        await Engine.FollowAsync(ann.Id, bob.Id, follow);
        await Engine.LikeAsync(ann.Id, tweet.Id, like);
        await Engine.FlushOutboxAsync();

        Assert.Equal(0, Engine.GetAccount(bob.Id)!.FollowersCount);
        Assert.Equal(0, Engine.GetAccount(ann.Id)!.FollowingCount);
        Assert.Equal(0, Engine.GetTweet(tweet.Id)!.LikeCount);
        Assert.Empty(Engine.GetFollowers(bob.Id, PageRequest.First()).Items);
        Assert.Empty(Engine.GetLikers(tweet.Id, PageRequest.First()).Items);
        Assert.Equal(feed, ChangeFeedLength());
    }

    [Fact]
    public async Task A_retried_account_or_tweet_creation_with_its_request_id_returns_the_first_and_creates_one()
    {
        var creation = Guid.CreateVersion7();
        var first = await Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com"), creation);
        var post = Guid.CreateVersion7();
        var tweet = await Engine.CreateTweetAsync(first.Id, "once", requestId: post);
        long feed = ChangeFeedLength();

        var again = await Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com"), creation);
        _temp.Reopen();
        var tweetAgain = await Engine.CreateTweetAsync(first.Id, "once", requestId: post);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(tweet.Id, tweetAgain.Id);
        Assert.Equal(1, Engine.GetAccount(first.Id)!.TweetsCount);
        Assert.Equal(1, Engine.GetCounts().Accounts);
        Assert.Equal(feed, ChangeFeedLength());
    }

    [Fact]
    public async Task An_edit_retried_without_its_request_id_keeps_no_second_version()
    {
        var ann = await _temp.UserAsync("ann");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "v1 #tag");
        await Engine.EditTweetAsync(ann.Id, tweet.Id, "v2 #tag");
        long feed = ChangeFeedLength();

        var retried = await Engine.EditTweetAsync(ann.Id, tweet.Id, "v2 #tag");

        Assert.Equal(("v2 #tag", 1), (retried.Text, retried.EditCount));
        Assert.Single(Engine.GetEditHistory(tweet.Id));
        Assert.Equal(feed, ChangeFeedLength());
    }

    [Fact]
    public async Task A_delete_retried_without_its_request_id_succeeds_for_the_author_only()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "gone soon");
        await Engine.DeleteTweetAsync(ann.Id, tweet.Id);
        long feed = ChangeFeedLength();

        bool retried = await Engine.DeleteTweetAsync(ann.Id, tweet.Id);
        var byOther = await Assert.ThrowsAsync<ChirpException>(() => Engine.DeleteTweetAsync(bob.Id, tweet.Id).AsTask());

        Assert.False(retried);
        Assert.Equal(ChirpErrorCode.NotFound, byOther.ErrorCode);
        Assert.Equal(feed, ChangeFeedLength());
    }

    [Fact]
    public async Task Writes_without_a_caller_request_id_are_remembered_under_one_the_engine_made_except_activity()
    {
        var ann = await _temp.UserAsync("ann");
        var shard = Engine.GetShard(SnowflakeId.ShardOf(ann.Id));
        long before = RequestRecords(shard);

        await Engine.SetCredentialAsync(ann.Id, "hash-1");
        long afterCredential = RequestRecords(shard);
        await Engine.RecordActivityAsync(ann.Id, DateTimeOffset.UtcNow);

        Assert.Equal(before + 1, afterCredential);
        Assert.Equal(afterCredential, RequestRecords(shard));
    }

    private long ChangeFeedLength() => Enumerable.Range(0, Engine.ShardCount).Sum(i => Engine.GetShard(i).AppliedPosition);

    private static long RequestRecords(Sharding.Shard shard)
    {
        using var iterator = shard.Store.Db.NewIterator(shard.Store.Requests);
        long count = 0;
        for (iterator.SeekToFirst(); iterator.Valid(); iterator.Next())
        {
            count++;
        }

        return count;
    }
}
