using Chirp.Engine.Tests.Replication;
using Chirp.Engine.Tests.Support;
using Chirp.Server.Cluster.Snapshots;
using DotNext.IO;

namespace Chirp.Engine.Tests.Cluster;

/// <summary>
/// Raft snapshots of a shard: a replica that fell behind the leader's published snapshot (or lost its data) catches up
/// by installing it, and a snapshot stream that arrives truncated or damaged is refused before the engine sees it.
/// </summary>
public sealed class RaftSnapshotTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private const int WritesWhileDown = 30;

    [Fact]
    public async Task A_follower_held_back_past_the_published_snapshot_installs_it_and_ends_with_the_leaders_bytes()
    {
        await using var cluster = await RaftTestCluster.StartAsync(snapshotEveryEntries: 8);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var ann = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        var bob = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("bob", "bob@example.com"));
        await cluster.Engines[leader].FollowAsync(bob.Id, ann.Id);
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        int follower = (leader + 1) % 3;
        long followerApplied = cluster.Engines[follower].GetAppliedLogIndex(0);

        await cluster.RestartAsync(follower, async () =>
        {
            await WriteWhileDownAsync(cluster, ann.Id);
            await WaitForPublishedSnapshotPastAsync(cluster, followerApplied);
        });

        leader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        var statistics = cluster.Replicas[follower].GetStatistics();
        Assert.True(statistics.SnapshotInstalls >= 1, "the follower caught up without a snapshot");
        Assert.True(statistics.SnapshotInstalledBytes > 0);
        Assert.Equal(ShardDigest.Of(cluster.Engines[leader], 0), ShardDigest.Of(cluster.Engines[follower], 0));

        // Derived state on the follower follows the installed data: search and bob's home timeline.
        var engine = cluster.Engines[follower];
        Assert.Equal(WritesWhileDown, engine.GetAccount(ann.Id)!.TweetsCount);
        await engine.WaitForSearchAsync();
        Assert.Equal(WritesWhileDown, engine.SearchTweets("quince", new SearchRequest { Limit = 40 }).Items.Count);
        await engine.WaitForFanoutAsync();
        Assert.Equal(WritesWhileDown, engine.GetHomeTimeline(bob.Id, new PageRequest { Limit = 40 }).Items.Count);
    }

    [Fact]
    public async Task A_node_whose_data_was_wiped_rejoins_through_a_snapshot()
    {
        await using var cluster = await RaftTestCluster.StartAsync(snapshotEveryEntries: 8);
        int leader = await cluster.WaitForLeaderAsync(Patience);
        var ann = await cluster.Engines[leader].CreateAccountAsync(new NewAccount("ann", "ann@example.com"));
        int wiped = (leader + 2) % 3;

        await cluster.RestartAsync(wiped, async () =>
        {
            Directory.Delete(cluster.DirectoryOf(wiped), recursive: true);
            await WriteWhileDownAsync(cluster, ann.Id);
            await WaitForPublishedSnapshotPastAsync(cluster, 0);
        });

        leader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        Assert.True(cluster.Replicas[wiped].GetStatistics().SnapshotInstalls >= 1);
        Assert.Equal(ShardDigest.Of(cluster.Engines[leader], 0), ShardDigest.Of(cluster.Engines[wiped], 0));
        Assert.Equal(WritesWhileDown, cluster.Engines[wiped].GetAccount(ann.Id)!.TweetsCount);

        // The rejoined node serves writes too: one more, then every replica agrees again.
        await cluster.CreateTweetAsync(ann.Id, "after the rejoin");
        leader = await cluster.WaitForLeaderAsync(Patience);
        await cluster.WaitForAppliedAsync(cluster.Engines[leader].GetAppliedLogIndex(0), Patience);
        string[] digests = [.. cluster.Engines.Select(engine => ShardDigest.Of(engine, 0))];
        Assert.All(digests, digest => Assert.Equal(digests[0], digest));
    }

    [Fact]
    public async Task A_snapshot_stream_is_unpacked_whole_and_refused_when_truncated_damaged_or_for_another_shard()
    {
        using var engine = new TempEngine(shards: 1);
        var ann = await engine.UserAsync("ann");
        for (int i = 0; i < 10; i++)
        {
            await engine.Engine.CreateTweetAsync(ann.Id, "stream " + i);
        }

        string folder = Path.Combine(engine.Directory, "snapshot");
        var snapshot = await engine.Engine.CreateShardSnapshotAsync(0, folder);
        var published = new RaftShardSnapshot(folder, term: 3, snapshot);
        string stream = Path.Combine(engine.Directory, "stream");
        await using (var output = new FileStream(stream, FileMode.CreateNew))
        {
            await published.WriteToAsync(IAsyncBinaryWriter.Create(output, new byte[4096]), CancellationToken.None);
        }

        byte[] bytes = File.ReadAllBytes(stream);
        Assert.Equal(published.Length, bytes.Length);

        var header = SnapshotStreamReader.Unpack(stream, Path.Combine(engine.Directory, "whole"), 0, bytes.Length);
        Assert.Equal((snapshot.AppliedLogIndex, 3L), (header.Index, header.Term));
        Assert.Equal(snapshot.AppliedLogIndex, ChirpEngine.VerifyShardSnapshot(0, Path.Combine(engine.Directory, "whole")).AppliedLogIndex);

        int headerLength = published.Header.Encode().Length;
        void Refused(byte[] damaged, int shard, string because)
        {
            string path = Path.Combine(engine.Directory, "damaged-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(path, damaged);
            var refused = Assert.Throws<ChirpException>(() => SnapshotStreamReader.Unpack(path, path + "-files", shard, damaged.Length));
            Assert.Equal(ChirpErrorCode.DamagedCheckpoint, refused.ErrorCode);
            Assert.Contains(because, refused.Message, StringComparison.Ordinal);
        }

        Refused(bytes[..^100], 0, "add up to");
        Refused(bytes[..(headerLength / 2)], 0, "ends inside its header");

        byte[] flippedFile = (byte[])bytes.Clone();
        flippedFile[headerLength + 10] ^= 0x01;
        Refused(flippedFile, 0, "CRC-32C");

        byte[] flippedHeader = (byte[])bytes.Clone();
        flippedHeader[headerLength - 8] ^= 0x01;
        Refused(flippedHeader, 0, "header");

        Refused(bytes, 1, "shard 0");
    }

    private static async Task WriteWhileDownAsync(RaftTestCluster cluster, long authorId)
    {
        // Each write its own entry: enough entries for two snapshots, so one is published (it lags by the interval).
        for (int i = 0; i < WritesWhileDown; i++)
        {
            await cluster.CreateTweetAsync(authorId, $"quince {i} while a replica is down");
        }
    }

    private static async Task WaitForPublishedSnapshotPastAsync(RaftTestCluster cluster, long index)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (cluster.Replicas.Where(replica => replica.IsLeader).All(replica => replica.GetStatistics().SnapshotIndex <= index))
        {
            Assert.True(DateTime.UtcNow < deadline, $"No leader published a snapshot past index {index}.");
            await Task.Delay(20);
        }
    }
}
