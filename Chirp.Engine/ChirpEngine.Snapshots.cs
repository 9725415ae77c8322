using Chirp.Engine.Replication;
using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>
/// Snapshots of one shard for a replicated log: taken between two applied entries, checked file by file, and installed
/// in place of a replica's data while the engine stays open (the derived state, search and timelines, is realigned).
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>
    /// Takes a snapshot of shard <paramref name="shardId"/> into <paramref name="directory"/> (which must not exist):
    /// fixed between two applied log entries, so it holds exactly the entries up to
    /// <see cref="ShardSnapshot.AppliedLogIndex"/>. Table files are hard-linked when on the engine's file system, so it is
    /// quick and small there; checksumming the files happens after the shard's writer went on.
    /// </summary>
    public async Task<ShardSnapshot> CreateShardSnapshotAsync(int shardId, string directory, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var shard = ReplicaShard(shardId);
        cancellationToken.ThrowIfCancellationRequested();
        await shard.TakeCheckpointInOrderAsync(directory).ConfigureAwait(false);
        var now = Options.Clock.GetUtcNow();
        var manifest = await Task.Run(() => ShardCheckpoint.Describe(shardId, directory, now), cancellationToken).ConfigureAwait(false);
        return Describe(shardId, directory, manifest);
    }

    /// <summary>
    /// Checks a shard snapshot's folder without touching the engine: the manifest, and every file's presence, size and
    /// CRC-32C. Throws a <see cref="ChirpException"/> (<see cref="ChirpErrorCode.DamagedCheckpoint"/> naming the first
    /// missing or damaged file, or <see cref="ChirpErrorCode.UnsupportedFormat"/>).
    /// </summary>
    public static ShardSnapshot VerifyShardSnapshot(int shardId, string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return Describe(shardId, directory, ShardCheckpoint.Verify(directory, shardId));
    }

    /// <summary>
    /// Replaces shard <paramref name="shardId"/>'s data with a snapshot another replica took, in order with its applied
    /// entries, and returns the log index it now stands at. The snapshot is verified first (a damaged one throws and
    /// nothing changes). The shard's data is rewritten in place while reads go on, so a read during the install may see
    /// a mix of old and new; a crash during it leaves <see cref="IsShardSnapshotInstallIncomplete"/> true until an
    /// install completes. Afterwards search indexing and fanout go on from their positions when the snapshot's change
    /// feed still holds them; otherwise the shard's search index is refilled and the stored home timelines are dropped
    /// (each is rebuilt from the logs at its next read).
    /// </summary>
    public async Task<long> InstallShardSnapshotAsync(int shardId, string directory, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var shard = ReplicaShard(shardId);
        await Task.Run(() => ShardCheckpoint.Verify(directory, shardId), cancellationToken).ConfigureAwait(false);
        return await shard.InstallSnapshotInOrderAsync(directory, () => RealignConsumers(shardId)).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether an install of a snapshot into shard <paramref name="shardId"/> began and did not complete (the process
    /// died during it): its data is a mix until a snapshot is installed again, which the host must do before applying
    /// any log entry.
    /// </summary>
    public bool IsShardSnapshotInstallIncomplete(int shardId)
    {
        using var pass = _gate.Enter();
        return ReplicaShard(shardId).SnapshotInstallIncomplete;
    }

    /// <summary>Run by the shard's writer right after an install, while no consumer batch runs.</summary>
    private void RealignConsumers(int shardId)
    {
        var shard = _shards[shardId];
        if (_indexers.Length > 0)
        {
            _indexers[shardId].RealignAfterInstall();
        }

        var fanout = _fanouts[shardId];
        if (fanout.Done.Position < shard.ChangeFloor - 1)
        {
            fanout.SkipTo(shard.ChangeFloor - 1);
            DropAllTimelines();
        }
    }

    private static ShardSnapshot Describe(int shardId, string directory, ShardCheckpointManifest manifest)
    {
        var (manifestCrc, manifestLength) = Crc32C.OfFile(System.IO.Path.Combine(directory, ShardCheckpoint.ManifestFileName));
        var files = manifest.Files.Select(file => new ShardSnapshotFile(file.Name, file.Size, file.Crc32C)).ToList();
        files.Add(new ShardSnapshotFile(ShardCheckpoint.ManifestFileName, manifestLength, manifestCrc));
        return new ShardSnapshot(shardId, manifest.AppliedIndex ?? 0, files);
    }
}
