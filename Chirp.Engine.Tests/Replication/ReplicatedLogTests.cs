using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Replication;

/// <summary>Shards on a replicated log: the leader's writer prepares entries, every replica applies them alike.</summary>
public sealed class ReplicatedLogTests
{
    [Fact]
    public async Task Writes_on_the_leader_are_applied_on_every_replica_to_the_same_bytes()
    {
        using var cluster = new Replicas(3);
        var ann = await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        var tweets = new List<Tweet>();
        for (int i = 0; i < 5; i++)
        {
            tweets.Add(await cluster.Leader.CreateTweetAsync(ann.Id, $"post {i} #replicated"));
        }

        await cluster.Leader.LikeAsync(ann.Id, tweets[0].Id);
        await cluster.CaughtUpAsync();

        foreach (var replica in cluster.Engines)
        {
            Assert.Equal(cluster.Leader.GetAppliedLogIndex(0), replica.GetAppliedLogIndex(0));
            Assert.Equal(ShardDigest.Of(cluster.Leader, 0), ShardDigest.Of(replica, 0));
            Assert.Equal("post 4 #replicated", replica.GetTweet(tweets[4].Id)!.Text);
            Assert.Equal(5, replica.GetAccount(ann.Id)!.TweetsCount);
        }
    }

    [Fact]
    public async Task Many_writes_in_flight_at_once_are_all_acknowledged_once_and_replicas_agree()
    {
        using var cluster = new Replicas(3);
        var ann = await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));

        var created = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => cluster.Leader.CreateTweetAsync(ann.Id, $"post {i}").AsTask()));

        Assert.Equal(200, created.Select(tweet => tweet.Id).Distinct().Count());
        await cluster.CaughtUpAsync();
        foreach (var replica in cluster.Engines)
        {
            Assert.Equal(200, replica.GetAccount(ann.Id)!.TweetsCount);
            Assert.Equal(ShardDigest.Of(cluster.Leader, 0), ShardDigest.Of(replica, 0));
        }
    }

    [Fact]
    public async Task A_write_on_a_follower_is_forwarded_to_the_leader_and_answered_with_its_minted_id()
    {
        using var cluster = new Replicas(3);
        var ann = await cluster.Engines[1].CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));

        var tweet = await cluster.Engines[2].CreateTweetAsync(ann.Id, "from a follower");
        await cluster.CaughtUpAsync();

        Assert.True(tweet.Id > 0);
        Assert.Equal("from a follower", tweet.Text);
        Assert.All(cluster.Engines, replica => Assert.Equal("from a follower", replica.GetTweet(tweet.Id)!.Text));
        Assert.All(cluster.Engines, replica => Assert.Equal(ShardDigest.Of(cluster.Leader, 0), ShardDigest.Of(replica, 0)));
    }

    [Fact]
    public async Task A_follow_forwarded_from_a_follower_waits_there_until_its_message_to_the_followees_shard_is_delivered()
    {
        // Background writes run: the outbox deliverer works on the leader only.
        using var cluster = new Replicas(3, shards: 2, holdBackgroundWrites: false);
        var accounts = new List<Account>();
        for (int i = 0; accounts.Select(account => SnowflakeId.ShardOf(account.Id)).Distinct().Count() < 2; i++)
        {
            accounts.Add(await cluster.Leader.CreateAccountAsync(new NewAccount($"user{i}", $"user{i}@example.com", "", "")));
        }

        var fan = accounts[0];
        var star = accounts.First(account => SnowflakeId.ShardOf(account.Id) != SnowflakeId.ShardOf(fan.Id));
        var follower = cluster.Engines[2];

        var receipt = await follower.FollowAsync(fan.Id, star.Id);
        Assert.False(receipt.IsEmpty);
        await follower.WaitForDeliveryAsync(receipt).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, follower.GetAccount(star.Id)!.FollowersCount);
        Assert.Equal(1, follower.GetAccount(fan.Id)!.FollowingCount);
    }

    [Fact]
    public async Task A_refusal_on_the_leader_reaches_the_follower_caller_with_its_code()
    {
        using var cluster = new Replicas(3);

        var error = await Assert.ThrowsAsync<ChirpException>(() => cluster.Engines[1].CreateTweetAsync(424242, "no such author").AsTask());

        Assert.Equal(ChirpErrorCode.NotFound, error.ErrorCode);
    }

    [Fact]
    public async Task A_forwarded_write_reaching_a_node_without_the_lead_is_refused_not_sent_on()
    {
        using var cluster = new Replicas(3);
        var ann = await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        await cluster.CaughtUpAsync();
        string before = ShardDigest.Of(cluster.Leader, 0);
        byte[] request = Chirp.Engine.Sharding.CommandLogEntry.Encode([new Chirp.Engine.Commands.CreateTweet { AuthorId = ann.Id, Text = "x", RequestId = Guid.NewGuid() }]);

        var answer = Chirp.Engine.Sharding.ForwardedAnswer.Decode(await cluster.Engines[1].ExecuteForwardedAsync(0, request));

        Assert.Equal(ChirpErrorCode.NotLeader, answer.Error);
        Assert.All(cluster.Engines, replica => Assert.Equal(before, ShardDigest.Of(replica, 0)));
    }

    [Fact]
    public async Task Maintenance_writes_go_through_the_leader_only()
    {
        using var cluster = new Replicas(3);
        await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        await cluster.CaughtUpAsync();
        long before = cluster.Leader.GetAppliedLogIndex(0);

        await cluster.Engines[1].PruneRequestsAsync();
        Assert.Equal(before, cluster.Leader.GetAppliedLogIndex(0));

        await cluster.Leader.PruneRequestsAsync();
        await cluster.CaughtUpAsync();
        Assert.Equal(before + 1, cluster.Engines[1].GetAppliedLogIndex(0));
    }

    [Fact]
    public async Task A_retried_write_with_its_request_id_is_applied_once_after_the_lead_moves()
    {
        using var cluster = new Replicas(3);
        var ann = await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        var requestId = Guid.NewGuid();
        var first = await cluster.Leader.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        cluster.Log.Leader = 2;
        var retried = await cluster.Engines[2].CreateTweetAsync(ann.Id, "once", requestId: requestId);

        Assert.Equal(first.Id, retried.Id);
        await cluster.CaughtUpAsync();
        Assert.All(cluster.Engines, replica => Assert.Equal(1, replica.GetAccount(ann.Id)!.TweetsCount));
    }

    [Fact]
    public async Task Indexes_the_log_kept_for_itself_leave_gaps_that_replicas_step_over()
    {
        using var cluster = new Replicas(2, skipEvery: 3);
        var ann = await cluster.Leader.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        for (int i = 0; i < 6; i++)
        {
            await cluster.Leader.CreateTweetAsync(ann.Id, $"post {i}");
        }

        await cluster.CaughtUpAsync();
        Assert.Equal(6, cluster.Engines[1].GetAccount(ann.Id)!.TweetsCount);
        Assert.Equal(ShardDigest.Of(cluster.Leader, 0), ShardDigest.Of(cluster.Engines[1], 0));
    }

    /// <summary>Engines of one shard each, every one a replica on one <see cref="InMemoryReplicatedLog"/>; node 0 leads.</summary>
    private sealed class Replicas : IDisposable
    {
        private readonly List<TempEngine> _nodes = [];

        public Replicas(int count, int skipEvery = 0, int shards = 1, bool holdBackgroundWrites = true)
        {
            Log = new InMemoryReplicatedLog { SkipEvery = skipEvery };
            for (int node = 0; node < count; node++)
            {
                var member = Log.Member(node);
                var temp = new TempEngine(shards, options => options with { Replication = member, HoldBackgroundWrites = holdBackgroundWrites });
                _nodes.Add(temp);
                Log.Add(temp.Engine);
            }
        }

        public InMemoryReplicatedLog Log { get; }

        public IReadOnlyList<ChirpEngine> Engines => _nodes.Select(node => node.Engine).ToList();

        public ChirpEngine Leader => Engines[Log.Leader];

        /// <summary>Waits until every replica applied what the leader did (followers apply after the leader answers).</summary>
        public async Task CaughtUpAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Engines.Any(replica => replica.GetAppliedLogIndex(0) < Leader.GetAppliedLogIndex(0)))
            {
                Assert.True(DateTime.UtcNow < deadline, "The replicas did not catch up with the leader within 10 s.");
                await Task.Delay(10);
            }
        }

        public void Dispose()
        {
            foreach (var node in _nodes)
            {
                node.Dispose();
            }
        }
    }
}
