using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>Prepare decides what apply must not: ids, the time and the celebrity threshold.</summary>
public sealed class PrepareTests
{
    [Fact]
    public async Task Prepare_mints_ids_above_an_id_applied_from_another_leader()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var shard = temp.Engine.GetShard(0);
        // A tweet a minute ahead of this node's clock, as if minted by a leader whose clock runs fast.
        long aheadMs = SnowflakeId.MillisecondsSinceEpoch(DateTimeOffset.UtcNow) + 60_000;
        long foreignId = SnowflakeId.Compose(aheadMs, 0, 7);
        byte[] entry = CommandLogEntry.Encode([new CreateTweet { AuthorId = ann.Id, TweetId = foreignId, Text = "from the old leader", AtMs = 1 }]);
        await shard.ApplyCommittedAsync(shard.AppliedLogIndex + 1, entry);

        var mine = await temp.Engine.CreateTweetAsync(ann.Id, "from this node");

        Assert.True(mine.Id > foreignId, $"{mine.Id} should be above {foreignId}");
        Assert.Equal("from the old leader", temp.Engine.GetTweet(foreignId)!.Text);
    }

    [Fact]
    public async Task Prepare_mints_the_account_id_of_a_create_account_that_has_none()
    {
        using var temp = new TempEngine(shards: 2, options => options with { HoldBackgroundWrites = true });
        var shard = temp.Engine.GetShard(1);

        var result = await shard.SubmitAsync(new CreateAccount { Username = "ann", Email = "ann@example.com", DisplayName = "Ann" });

        Assert.True(result.IsOk);
        Assert.Equal(1, SnowflakeId.ShardOf(result.Id));
        Assert.Equal("ann", temp.Engine.GetAccount(result.Id)!.Username);
    }

    [Fact]
    public async Task The_submitted_command_is_left_as_it_was_and_the_caller_learns_the_minted_id_from_the_result()
    {
        using var temp = new TempEngine(shards: 1, options => options with { HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var command = new CreateTweet { AuthorId = ann.Id, Text = "hello" };

        var pending = temp.Engine.GetShard(0).Submit(command);
        var result = await pending.Task;

        Assert.Equal(0, command.TweetId);
        Assert.Equal(0, command.AtMs);
        Assert.Equal(result.Id, ((CreateTweet)pending.Prepared).TweetId);
        Assert.Equal("hello", temp.Engine.GetTweet(result.Id)!.Text);
    }

    [Fact]
    public async Task Apply_follows_the_celebrity_threshold_the_entry_carries_not_the_local_option()
    {
        using var temp = new TempEngine(shards: 1, options => options with { CelebrityThreshold = 1_000_000, HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        await temp.Engine.FollowAsync(bob.Id, ann.Id);
        var shard = temp.Engine.GetShard(0);
        byte[] pullAuthorKey = Keys.Edge(EdgeKind.PullAuthor, ann.Id, 0);

        await temp.Engine.CreateTweetAsync(ann.Id, "prepared here: fanned out");
        Assert.Null(shard.Store.Db.Get(pullAuthorKey, shard.Store.Edges));

        // Prepared by a leader whose threshold is 1: ann's one follower makes her a pull author on every replica.
        var result = await shard.SubmitAsync(new CreateTweet { AuthorId = ann.Id, Text = "prepared elsewhere", CelebrityThreshold = 1 });
        Assert.True(result.IsOk);
        Assert.NotNull(shard.Store.Db.Get(pullAuthorKey, shard.Store.Edges));
    }

    [Fact]
    public async Task A_reply_stored_on_another_shard_sends_the_prepared_threshold_with_the_authors_entry()
    {
        using var temp = new TempEngine(shards: 2, options => options with { CelebrityThreshold = 4321, HoldBackgroundWrites = true });
        var ann = await temp.UserAsync("ann");
        var bob = await temp.UserAsync("bob");
        for (int i = 0; SnowflakeId.ShardOf(bob.Id) == SnowflakeId.ShardOf(ann.Id); i++)
        {
            bob = await temp.UserAsync("bob" + i);
        }

        var parent = await temp.Engine.CreateTweetAsync(bob.Id, "bob's");
        await temp.Engine.CreateReplyAsync(ann.Id, parent.Id, "ann's reply");

        var store = temp.Engine.GetShard(SnowflakeId.ShardOf(bob.Id)).Store;
        using var iterator = store.Db.NewIterator(store.Outbox);
        iterator.SeekToFirst();
        var message = Serialization.Deserialize<OutboxMessage>(iterator.Value());
        var authored = Assert.IsType<AddAuthored>(message.Command);
        Assert.Equal(ann.Id, authored.AuthorId);
        Assert.Equal(4321, authored.CelebrityThreshold);
    }
}
