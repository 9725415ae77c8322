using Chirp.Engine.Commands;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>The outbox shrinks through commands of its own shard, so that every replica shrinks it the same way.</summary>
public sealed class OutboxAcknowledgementTests
{
    [Fact]
    public async Task An_acknowledgement_removes_delivered_messages_and_dead_letters_refused_ones_at_its_prepared_time()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var temp = new TempEngine(shards: 2, options => options with { Clock = clock, HoldBackgroundWrites = true });
        var (ann, bob) = await UsersOnTwoShardsAsync(temp);
        var bobsTweet = await temp.Engine.CreateTweetAsync(bob.Id, "bob's");
        await temp.Engine.FollowAsync(ann.Id, bob.Id);
        await temp.Engine.LikeAsync(ann.Id, bobsTweet.Id);
        var shard = temp.Engine.GetShard(SnowflakeId.ShardOf(ann.Id));
        Assert.Equal(2, shard.OutboxDepth);
        long index = shard.AppliedLogIndex;
        long position = shard.AppliedPosition;

        clock.Now = clock.Now.AddMinutes(5);
        var result = await shard.SubmitAsync(new AcknowledgeOutbox
        {
            Delivered = [1],
            Refused = [new OutboxRefusal { Sequence = 2, Code = "not_found", Reason = "refused in a test" }],
        });

        Assert.Equal(2, result.Id);
        Assert.Equal(0, shard.OutboxDepth);
        Assert.Equal(index + 1, shard.AppliedLogIndex);
        Assert.Equal(position, shard.AppliedPosition);
        using (var iterator = shard.Store.Db.NewIterator(shard.Store.Outbox))
        {
            iterator.SeekToFirst();
            Assert.False(iterator.Valid());
        }

        var letter = Assert.Single(temp.Engine.GetDeadLetters());
        Assert.Equal("AddLiker", letter.MessageType);
        Assert.Equal("not_found", letter.Code);
        Assert.Equal("refused in a test", letter.Reason);
        Assert.Equal(clock.Now, letter.At);
        Assert.Equal(1, temp.Engine.GetDeadLetterCount());

        var engine = temp.Reopen();
        Assert.Equal(0, engine.GetShard(SnowflakeId.ShardOf(ann.Id)).OutboxDepth);
        Assert.Equal(1, engine.GetDeadLetterCount());
    }

    [Fact]
    public async Task Delivery_acknowledges_through_the_source_shards_command_log()
    {
        using var temp = new TempEngine(shards: 2);
        var (ann, bob) = await UsersOnTwoShardsAsync(temp);
        await temp.Engine.FlushOutboxAsync();
        var shard = temp.Engine.GetShard(SnowflakeId.ShardOf(ann.Id));

        long beforeFollow = shard.AppliedLogIndex;
        await temp.Engine.FollowAsync(ann.Id, bob.Id);
        long position = shard.AppliedPosition;
        await temp.Engine.FlushOutboxAsync();

        Assert.Equal(1, temp.Engine.GetAccount(bob.Id)!.FollowersCount);

        // The follow is one entry and its acknowledgement another (the deliverer may have written it before the flush
        // began). The flush sees the message gone once the acknowledgement's batch is written, a moment before the
        // shard publishes the entry's index and counts.
        await shard.LogApplied.WaitAsync(beforeFollow + 2).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(shard.AppliedLogIndex >= beforeFollow + 2, "the acknowledgement is an entry of the source shard's log");
        Assert.Equal(0, shard.OutboxDepth);
        Assert.Equal(position, shard.AppliedPosition);
    }

    private static async Task<(Account Ann, Account Bob)> UsersOnTwoShardsAsync(TempEngine temp)
    {
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        for (int i = 0; SnowflakeId.ShardOf(bob.Id) == SnowflakeId.ShardOf(ann.Id); i++)
        {
            bob = await temp.UserAsync("bob" + i);
        }

        return (ann, bob);
    }
}
