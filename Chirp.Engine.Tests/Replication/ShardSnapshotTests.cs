using Chirp.Engine.Tests.Support;
using Chirp.Engine.Sharding;

namespace Chirp.Engine.Tests.Replication;

/// <summary>
/// A shard's snapshot (what a replicated log ships to a replica too far behind): taken between entries, verified file by
/// file, and installed in place of a live engine's shard, after which its reads, search, home timelines and ids follow
/// the snapshot.
/// </summary>
public sealed class ShardSnapshotTests : IDisposable
{
    // A replica's engine writes only what its log applies; a single node's background writes would move the index on.
    private static readonly Func<ChirpEngineOptions, ChirpEngineOptions> HoldingBackgroundWrites = options => options with { HoldBackgroundWrites = true };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chirp-snapshot-test-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task An_installed_snapshot_makes_the_shard_hold_the_same_bytes_and_reads_search_and_timelines_follow_it()
    {
        using var source = new TempEngine(shards: 1);
        var ann = await source.UserAsync("ann");
        var bob = await source.UserAsync("bob");
        await source.Engine.FollowAsync(bob.Id, ann.Id);
        var tweets = new List<Tweet>();
        for (int i = 0; i < 20; i++)
        {
            tweets.Add(await source.Engine.CreateTweetAsync(ann.Id, $"snapshot marmalade {i}"));
        }

        var snapshot = await source.Engine.CreateShardSnapshotAsync(0, _folder);
        Assert.Equal(source.Engine.GetAppliedLogIndex(0), snapshot.AppliedLogIndex);
        Assert.Contains(snapshot.Files, file => file.Name == "shard-checkpoint.json");

        // The target has other data of its own, read once so that its caches and a home timeline hold it.
        using var target = new TempEngine(shards: 1, HoldingBackgroundWrites);
        var carl = await target.UserAsync("carl");
        await target.Engine.CreateTweetAsync(carl.Id, "only on the target");
        Assert.NotNull(target.Engine.GetAccount(carl.Id));
        target.Engine.GetHomeTimeline(carl.Id, new PageRequest { Limit = 10 });

        long installedAt = await target.Engine.InstallShardSnapshotAsync(0, _folder);

        Assert.Equal(snapshot.AppliedLogIndex, installedAt);
        Assert.Equal(snapshot.AppliedLogIndex, target.Engine.GetAppliedLogIndex(0));
        Assert.False(target.Engine.IsShardSnapshotInstallIncomplete(0));
        Assert.Equal(ShardDigest.Of(source.Engine, 0), ShardDigest.Of(target.Engine, 0));
        Assert.Null(target.Engine.GetAccount(carl.Id));
        Assert.Equal(20, target.Engine.GetAccount(ann.Id)!.TweetsCount);

        await target.Engine.WaitForSearchAsync();
        Assert.Equal(20, target.Engine.SearchTweets("marmalade", new SearchRequest { Limit = 40 }).Items.Count);
        Assert.Empty(target.Engine.SearchTweets("target").Items);

        await target.Engine.WaitForFanoutAsync();
        var home = target.Engine.GetHomeTimeline(bob.Id, new PageRequest { Limit = 40 });
        Assert.Equal(tweets.Select(tweet => tweet.Id).Reverse(), home.Items.Select(item => item.Tweet.Id));

        // Ids go on above every id of the snapshot, and the shard takes writes as usual.
        var after = await target.Engine.CreateTweetAsync(ann.Id, "after the install");
        Assert.True(after.Id > tweets.Max(tweet => tweet.Id));
        Assert.Equal(21, target.Engine.GetAccount(ann.Id)!.TweetsCount);
        await target.Engine.WaitForFanoutAsync();
        Assert.Equal(after.Id, target.Engine.GetHomeTimeline(bob.Id, new PageRequest { Limit = 1 }).Items[0].Tweet.Id);
    }

    [Fact]
    public async Task An_installed_snapshot_survives_a_reopen_and_a_write_after_it()
    {
        using var source = new TempEngine(shards: 1);
        var ann = await source.UserAsync("ann");
        await source.Engine.CreateTweetAsync(ann.Id, "kept");
        await source.Engine.CreateShardSnapshotAsync(0, _folder);

        using var target = new TempEngine(shards: 1, HoldingBackgroundWrites);
        await target.UserAsync("zed");
        await target.Engine.InstallShardSnapshotAsync(0, _folder);
        var reopened = target.Reopen();

        Assert.Equal(ShardDigest.Of(source.Engine, 0), ShardDigest.Of(reopened, 0));
        Assert.Equal(1, reopened.GetAccount(ann.Id)!.TweetsCount);
        Assert.False(reopened.IsShardSnapshotInstallIncomplete(0));
    }

    [Fact]
    public async Task A_snapshot_with_a_damaged_or_missing_file_is_refused_before_anything_changes()
    {
        using var source = new TempEngine(shards: 1);
        var ann = await source.UserAsync("ann");
        await source.Engine.CreateTweetAsync(ann.Id, "source");
        var snapshot = await source.Engine.CreateShardSnapshotAsync(0, _folder);
        var table = snapshot.Files.First(file => file.Name.EndsWith(".sst", StringComparison.Ordinal));
        string tablePath = Path.Combine(_folder, table.Name);

        // A hard link shares its bytes with the live database: damage a copy of the file, not the source's data.
        byte[] bytes = File.ReadAllBytes(tablePath);
        File.Delete(tablePath);
        bytes[bytes.Length / 2] ^= 0x5A;
        File.WriteAllBytes(tablePath, bytes);

        using var target = new TempEngine(shards: 1, HoldingBackgroundWrites);
        var zed = await target.UserAsync("zed");
        string before = ShardDigest.Of(target.Engine, 0);

        var damaged = await Assert.ThrowsAsync<ChirpException>(() => target.Engine.InstallShardSnapshotAsync(0, _folder));
        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, damaged.ErrorCode);
        Assert.Contains(table.Name, damaged.Message, StringComparison.Ordinal);
        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, Assert.Throws<ChirpException>(() => ChirpEngine.VerifyShardSnapshot(0, _folder)).ErrorCode);

        File.Delete(tablePath);
        var missing = await Assert.ThrowsAsync<ChirpException>(() => target.Engine.InstallShardSnapshotAsync(0, _folder));
        Assert.Equal(ChirpErrorCode.DamagedCheckpoint, missing.ErrorCode);

        Assert.Equal(before, ShardDigest.Of(target.Engine, 0));
        Assert.NotNull(target.Engine.GetAccount(zed.Id));
    }

    [Fact]
    public async Task An_install_cut_short_is_reported_incomplete_until_an_install_completes()
    {
        using var source = new TempEngine(shards: 1);
        await source.UserAsync("ann");
        await source.Engine.CreateShardSnapshotAsync(0, _folder);

        using var target = new TempEngine(shards: 1, HoldingBackgroundWrites);
        await target.UserAsync("zed");

        // What a crash between the install's first and last write leaves: the marker, written synced before anything else.
        var shard = target.Engine.GetShard(0);
        shard.Store.Db.Put(Shard.SnapshotInstallKey, new byte[] { 1 }, shard.Store.Meta);
        var reopened = target.Reopen();
        Assert.True(reopened.IsShardSnapshotInstallIncomplete(0));

        await reopened.InstallShardSnapshotAsync(0, _folder);
        Assert.False(reopened.IsShardSnapshotInstallIncomplete(0));
        Assert.Equal(ShardDigest.Of(source.Engine, 0), ShardDigest.Of(reopened, 0));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
