using Chirp.Engine.Tests.Replication;

namespace Chirp.Engine.Tests.Cluster;

/// <summary>One shard replicated by a 3-member DotNext Raft group (Chirp.Server's RaftShardReplica) under three engines.</summary>
public sealed class RaftShardReplicationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Writes_on_the_leader_return_their_results_and_every_replica_applies_the_same_shard_bytes()
    {
        await using var cluster = await RaftTestCluster.StartAsync();
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var engine = cluster.Engines[leader];

        var ann = await engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann"));
        Assert.Equal("ann", ann.Username);
        var tweets = new List<Tweet>();
        for (int i = 0; i < 5; i++)
        {
            tweets.Add(await engine.CreateTweetAsync(ann.Id, "tweet " + i));
        }

        Assert.Equal(5, tweets.Select(tweet => tweet.Id).Distinct().Count());
        Assert.All(tweets, tweet => Assert.Equal(ann.Id, tweet.AuthorId));
        Assert.Equal("tweet 4", tweets[^1].Text);

        long index = engine.GetAppliedLogIndex(0);
        Assert.True(index > 0);
        await cluster.WaitForAppliedAsync(index, Patience);

        string[] digests = [.. cluster.Engines.Select(replica => ShardDigest.Of(replica, 0))];
        Assert.All(digests, digest => Assert.Equal(digests[leader], digest));
        Assert.All(cluster.Engines, replica => Assert.Equal(5, replica.GetAccount(ann.Id)!.TweetsCount));
    }

    [Fact]
    public async Task A_write_on_a_follower_is_forwarded_to_the_leader_and_applied_once_on_every_replica()
    {
        await using var cluster = await RaftTestCluster.StartAsync();
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var follower = cluster.Engines[(leader + 1) % 3];

        var ann = await follower.CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        var tweet = await follower.CreateTweetAsync(ann.Id, "from a follower");

        // The follower answered once the leader had applied it; the follower's own replica applies it next.
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        Assert.All(cluster.Engines, replica => Assert.Equal("from a follower", replica.GetTweet(tweet.Id)!.Text));
        Assert.All(cluster.Engines, replica => Assert.Equal(1, replica.GetAccount(ann.Id)!.TweetsCount));
    }

    [Fact]
    public async Task A_restarted_follower_catches_up_on_the_writes_it_missed_without_applying_any_entry_twice()
    {
        await using var cluster = await RaftTestCluster.StartAsync();
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var ann = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        await cluster.Engines[leader].CreateTweetAsync(ann.Id, "before the restart");
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        int follower = (leader + 1) % 3;

        await cluster.RestartAsync(follower, async () =>
        {
            // Two of three replicas are a majority: the leader goes on committing.
            for (int i = 0; i < 3; i++)
            {
                await cluster.CreateTweetAsync(ann.Id, "while a follower is down " + i);
            }
        });

        // The restarted WAL replays entries its engine had applied (skipped) and receives the ones it missed.
        leader = await cluster.WaitForLeaderAsync(Patience);
        long index = cluster.Engines[leader].GetAppliedLogIndex(0);
        await cluster.WaitForAppliedAsync(index, Patience);
        Assert.Equal(4, cluster.Engines[follower].GetAccount(ann.Id)!.TweetsCount);
        Assert.Equal(ShardDigest.Of(cluster.Engines[leader], 0), ShardDigest.Of(cluster.Engines[follower], 0));
    }

    [Fact]
    public async Task A_leader_change_under_writes_loses_no_acknowledged_write_and_applies_none_twice()
    {
        await using var cluster = await RaftTestCluster.StartAsync();
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var ann = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        const int Writes = 60;
        var acknowledged = new long[Writes];
        int refusedOrUnknown = 0;

        async Task WriteAllAsync()
        {
            for (int i = 0; i < Writes; i++)
            {
                // One request id per write, kept across retries on whichever node leads: it is applied once.
                var requestId = Guid.NewGuid();
                while (acknowledged[i] == 0)
                {
                    int node = cluster.ReadyLeader();
                    if (node < 0)
                    {
                        await Task.Delay(20);
                        continue;
                    }

                    try
                    {
                        acknowledged[i] = (await cluster.Engines[node].CreateTweetAsync(ann.Id, $"write {i}", requestId: requestId)).Id;
                    }
                    catch (Exception ex) when (ex is ChirpException { ErrorCode: ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown } or ObjectDisposedException)
                    {
                        Interlocked.Increment(ref refusedOrUnknown);
                        await Task.Delay(20);
                    }
                }
            }
        }

        var writing = WriteAllAsync();
        while (acknowledged[Writes / 3] == 0)
        {
            await Task.Delay(10);
        }

        // The leader's node goes down under the writes and comes back once another leads and took writes.
        await cluster.RestartAsync(leader, async () =>
        {
            // The downed node cannot agree on anything: wait for the writes to go on under another leader.
            while (acknowledged[2 * Writes / 3] == 0)
            {
                await Task.Delay(10);
            }
        });
        await writing.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(Writes, acknowledged.Distinct().Count());
        int newLeader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForAppliedAsync(cluster.Engines[newLeader].GetAppliedLogIndex(0), Patience);
        string[] digests = [.. cluster.Engines.Select(replica => ShardDigest.Of(replica, 0))];
        Assert.All(digests, digest => Assert.Equal(digests[newLeader], digest));
        foreach (var replica in cluster.Engines)
        {
            Assert.Equal(Writes, replica.GetAccount(ann.Id)!.TweetsCount);
            Assert.All(acknowledged, id => Assert.NotNull(replica.GetTweet(id)));
        }
    }

    [Fact]
    public async Task A_replica_is_ready_once_it_knows_its_leader_and_applied_the_committed_log_and_not_while_stopped()
    {
        await using var cluster = await RaftTestCluster.StartAsync();
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var ann = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        await cluster.CreateTweetAsync(ann.Id, "before the readiness check");
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (cluster.Replicas.Any(replica => replica.NotReadyBecause() is not null))
        {
            Assert.True(clock.Elapsed < Patience, string.Join("; ", cluster.Replicas.Select(replica => replica.NotReadyBecause() ?? "ready")));
            await Task.Delay(20);
        }

        int follower = (leader + 1) % 3;
        await cluster.RestartAsync(follower, () =>
        {
            Assert.Equal("not started", cluster.Replicas[follower].NotReadyBecause());
            return Task.CompletedTask;
        });
    }
}
