using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>The command log seam: each write group is one entry, applied at the next index, recorded with its effects.</summary>
public sealed class CommandLogTests
{
    [Fact]
    public async Task Each_write_group_is_one_log_entry_and_a_reopened_engine_resumes_after_the_stored_index()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var shard = temp.Engine.GetShard(0);
        long afterAccount = shard.AppliedLogIndex;
        await temp.Engine.CreateTweetAsync(ann.Id, "one");
        await temp.Engine.CreateTweetAsync(ann.Id, "two");
        Assert.Equal(afterAccount + 2, shard.AppliedLogIndex);

        var engine = temp.Reopen();
        shard = engine.GetShard(0);
        Assert.Equal(afterAccount + 2, shard.AppliedLogIndex);
        await engine.CreateTweetAsync(ann.Id, "three");
        Assert.Equal(afterAccount + 3, shard.AppliedLogIndex);
    }

    [Fact]
    public async Task An_entry_that_changes_no_data_moves_the_log_index_but_not_the_change_feed_position()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        var tweet = await temp.Engine.CreateTweetAsync(ann.Id, "ann's");
        var shard = temp.Engine.GetShard(0);
        long index = shard.AppliedLogIndex;
        long position = shard.AppliedPosition;

        // Refused as it applies: only the author may edit.
        await Assert.ThrowsAsync<ChirpException>(() => temp.Engine.EditTweetAsync(bob.Id, tweet.Id, "bob's edit").AsTask());

        Assert.Equal(index + 1, shard.AppliedLogIndex);
        Assert.Equal(position, shard.AppliedPosition);
    }

    [Fact]
    public async Task Replaying_an_entry_at_or_below_the_applied_index_is_a_no_op()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var shard = temp.Engine.GetShard(0);
        byte[] entry = CommandLogEntry.Encode([new CreateTweet { AuthorId = ann.Id, TweetId = shard.Ids.Next(), Text = "replayed", AtMs = 1 }]);
        long index = shard.AppliedLogIndex + 1;
        Assert.NotNull(await shard.ApplyCommittedAsync(index, entry));
        string applied = ShardDigest.Of(temp.Engine, 0);

        Assert.Null(await shard.ApplyCommittedAsync(index, entry));
        Assert.Null(await shard.ApplyCommittedAsync(index - 1, entry));
        var engine = temp.Reopen();
        Assert.Null(await engine.GetShard(0).ApplyCommittedAsync(index, entry));

        Assert.Equal(applied, ShardDigest.Of(engine, 0));
        Assert.Equal(1, engine.GetAccount(ann.Id)!.TweetsCount);
    }

    [Fact]
    public async Task An_entry_after_a_gap_applies_at_its_index_and_an_entry_in_the_gap_is_then_skipped()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var shard = temp.Engine.GetShard(0);
        byte[] entry = CommandLogEntry.Encode([new PruneRequests { BeforeMs = 1, AtMs = 1 }]);
        long gapAt = shard.AppliedLogIndex + 1;

        Assert.NotNull(await shard.ApplyCommittedAsync(gapAt + 1, entry));
        Assert.Equal(gapAt + 1, shard.AppliedLogIndex);
        Assert.Null(await shard.ApplyCommittedAsync(gapAt, entry));
    }

    [Fact]
    public async Task An_entry_of_an_unknown_format_is_refused_and_stores_nothing()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var shard = temp.Engine.GetShard(0);
        string before = ShardDigest.Of(temp.Engine, 0);
        byte[] entry = Chirp.Engine.Storage.Serialization.Serialize(new CommandLogEntry { Format = CommandLogEntry.CurrentFormat + 1, Commands = [new PruneRequests { AtMs = 1 }] });

        var error = await Assert.ThrowsAsync<ChirpException>(() => shard.ApplyCommittedAsync(shard.AppliedLogIndex + 1, entry));

        Assert.Equal(ChirpErrorCode.ShardFailed, error.ErrorCode);
        Assert.Contains("format", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ShardDigest.Of(temp.Engine, 0));
    }
}
