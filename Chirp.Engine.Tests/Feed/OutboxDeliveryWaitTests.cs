using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Feed;

/// <summary>Waiting for one write's cross-shard messages, not for the whole outbox.</summary>
public sealed class OutboxDeliveryWaitTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    private volatile int _unreachableShard = -1;

    private TempEngine NewEngine() => new(shards: 3, o => o with
    {
        FailDeliveryTo = shard => shard == _unreachableShard,
        OutboxRetryDelay = TimeSpan.FromMilliseconds(5),
        OutboxMaxRetryDelay = TimeSpan.FromMilliseconds(20),
    });

    /// <summary>One account on each shard, in shard order.</summary>
    private static async Task<Account[]> OnePerShardAsync(TempEngine temp)
    {
        var found = new Account?[temp.Engine.ShardCount];
        for (int i = 0; found.Any(a => a is null); i++)
        {
            var account = await temp.UserAsync($"user{i}");
            found[SnowflakeId.ShardOf(account.Id)] ??= account;
        }

        return [.. found.Select(a => a!)];
    }

    [Fact]
    public async Task Waiting_for_a_follows_delivery_returns_while_deliveries_to_another_shard_fail()
    {
        using var temp = NewEngine();
        var engine = temp.Engine;
        var users = await OnePerShardAsync(temp);
        var (follower, reachable, unreachable) = (users[0], users[1], users[2]);
        _unreachableShard = 2;

        await engine.FollowAsync(follower.Id, unreachable.Id);
        var sent = await engine.FollowAsync(follower.Id, reachable.Id);
        await engine.WaitForDeliveryAsync(sent).WaitAsync(Hang);

        Assert.Equal([follower.Id], engine.GetFollowers(reachable.Id, PageRequest.First()).Items.Select(e => e.UserId));
        Assert.Empty(engine.GetFollowers(unreachable.Id, PageRequest.First()).Items);
        var everything = engine.FlushOutboxAsync();
        Assert.False(everything.IsCompleted);

        _unreachableShard = -1;
        await everything.WaitAsync(Hang);
        Assert.Equal([follower.Id], engine.GetFollowers(unreachable.Id, PageRequest.First()).Items.Select(e => e.UserId));
    }

    [Fact]
    public async Task A_like_on_another_shard_returns_a_receipt_and_one_within_a_shard_an_empty_one()
    {
        using var temp = NewEngine();
        var engine = temp.Engine;
        var users = await OnePerShardAsync(temp);
        var local = await engine.CreateTweetAsync(users[0].Id, "on the liker's shard");
        var remote = await engine.CreateTweetAsync(users[1].Id, "on another shard");

        var localLike = await engine.LikeAsync(users[0].Id, local.Id);
        var remoteLike = await engine.LikeAsync(users[0].Id, remote.Id);

        Assert.True(localLike.IsEmpty);
        Assert.False(remoteLike.IsEmpty);
        await engine.WaitForDeliveryAsync(remoteLike).WaitAsync(Hang);
        Assert.Equal(1, engine.GetTweet(remote.Id)!.LikeCount);
    }

    [Fact]
    public async Task A_write_with_a_token_cancelled_before_it_is_queued_throws_and_writes_nothing()
    {
        using var temp = NewEngine();
        var engine = temp.Engine;
        var users = await OnePerShardAsync(temp);
        var cancelled = new CancellationToken(canceled: true);
        var positions = Enumerable.Range(0, engine.ShardCount).Select(engine.GetAppliedPosition).ToArray();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.CreateTweetAsync(users[0].Id, "never written", cancellationToken: cancelled).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.FollowAsync(users[0].Id, users[1].Id, cancellationToken: cancelled).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => engine.UpdateProfileAsync(users[0].Id, new ProfileUpdate(Bio: "never"), cancellationToken: cancelled).AsTask());

        Assert.Equal(positions, Enumerable.Range(0, engine.ShardCount).Select(engine.GetAppliedPosition));
        Assert.Empty(engine.GetFollowing(users[0].Id, PageRequest.First()).Items);
        Assert.Equal(0, engine.GetAccount(users[0].Id)!.TweetsCount);
    }
}
