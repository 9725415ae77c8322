using Chirp.Engine.Commands;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>
/// An unexpected failure while applying or writing an entry fails the whole entry: nothing of it is stored, the callers
/// get a typed error naming the shard and the command, the failure is counted, and the shard goes on with later writes.
/// </summary>
public sealed class FailStopTests
{
    [Fact]
    public async Task An_exception_in_apply_fails_the_whole_entry_stores_nothing_of_it_and_later_writes_succeed()
    {
        using var temp = new TempEngine(shards: 1, options => options with
        {
            HoldBackgroundWrites = true,
            BeforeApply = (_, command) =>
            {
                if (command is CreateTweet { Text: "boom" })
                {
                    throw new InvalidOperationException("injected apply bug");
                }
            },
        });
        var ann = await temp.UserAsync("ann");
        await temp.Engine.CreateTweetAsync(ann.Id, "before");
        var shard = temp.Engine.GetShard(0);
        string before = ShardDigest.Of(temp.Engine, 0);
        long index = shard.AppliedLogIndex;
        long position = shard.AppliedPosition;

        var error = await Assert.ThrowsAsync<ChirpException>(() => shard.SubmitBatchAsync(
        [
            new CreateTweet { AuthorId = ann.Id, Text = "fine on its own" },
            new CreateTweet { AuthorId = ann.Id, Text = "boom" },
        ]));

        Assert.Equal(ChirpErrorCode.ShardFailed, error.ErrorCode);
        Assert.Contains("Shard 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("CreateTweet", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ShardDigest.Of(temp.Engine, 0));
        Assert.Equal(index, shard.AppliedLogIndex);
        Assert.Equal(1, temp.Engine.GetShardFailureCount());

        var thrown = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateTweetAsync(ann.Id, "boom").AsTask());
        Assert.Equal(ChirpErrorCode.ShardFailed, thrown.ErrorCode);

        await temp.Engine.CreateTweetAsync(ann.Id, "after");
        Assert.Equal(position + 1, shard.AppliedPosition);
        var texts = temp.Engine.GetUserTweets(ann.Id, PageRequest.First(10)).Items.Select(t => t.Text);
        Assert.Equal(["after", "before"], texts);
        Assert.Equal(2, temp.Engine.GetAccount(ann.Id)!.TweetsCount);
    }

    [Fact]
    public async Task A_failed_write_fails_the_entry_leaves_the_shard_as_it_was_and_later_writes_succeed()
    {
        bool failNextWrite = false;
        using var temp = new TempEngine(shards: 1, options => options with
        {
            HoldBackgroundWrites = true,
            BeforeShardWrite = _ =>
            {
                if (failNextWrite)
                {
                    failNextWrite = false;
                    throw new IOException("injected storage error");
                }
            },
        });
        var ann = await temp.UserAsync("ann");
        var shard = temp.Engine.GetShard(0);
        string before = ShardDigest.Of(temp.Engine, 0);
        long index = shard.AppliedLogIndex;

        failNextWrite = true;
        var error = await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.CreateTweetAsync(ann.Id, "lost").AsTask());

        Assert.Equal(ChirpErrorCode.ShardFailed, error.ErrorCode);
        Assert.Contains("injected storage error", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ShardDigest.Of(temp.Engine, 0));
        Assert.Equal(index, shard.AppliedLogIndex);
        Assert.Equal(1, temp.Engine.GetShardFailureCount());

        var kept = await temp.Engine.CreateTweetAsync(ann.Id, "kept");
        Assert.Equal(index + 1, shard.AppliedLogIndex);
        var engine = temp.Reopen();
        Assert.Equal(["kept"], engine.GetUserTweets(ann.Id, PageRequest.First(10)).Items.Select(t => t.Text));
        Assert.Equal(kept.Id, engine.GetTweet(kept.Id)!.Id);
    }

    [Fact]
    public async Task A_tweet_id_taken_by_another_tweet_stops_the_entry_instead_of_acknowledging_it()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        var tweet = await temp.Engine.CreateTweetAsync(ann.Id, "ann's");
        var shard = temp.Engine.GetShard(0);
        string before = ShardDigest.Of(temp.Engine, 0);

        var error = await Assert.ThrowsAsync<ChirpException>(() => shard.SubmitAsync(new CreateTweet { TweetId = tweet.Id, AuthorId = bob.Id, Text = "bob's" }));

        Assert.Equal(ChirpErrorCode.ShardFailed, error.ErrorCode);
        Assert.Equal(before, ShardDigest.Of(temp.Engine, 0));
        Assert.Equal("ann's", temp.Engine.GetTweet(tweet.Id)!.Text);
        Assert.Equal(0, temp.Engine.GetAccount(bob.Id)!.TweetsCount);
    }
}
