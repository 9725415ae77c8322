using Chirp.Engine.Storage;

namespace Chirp.Engine;

/// <summary>
/// Online checkpoints of every shard, and restoring one into a new data directory. Each shard's checkpoint is
/// consistent on its own (RocksDB takes it as of one moment); the shards are taken one after another while writes go
/// on. That is enough: a cross-shard effect (the followee's side of a follow, a like's count) stays in the source
/// shard's outbox until the target shard has applied it, and the target drops a message whose request id it has seen,
/// so after a restore each outbox delivers again whatever its shard's checkpoint had not seen acknowledged, and the
/// shards converge.
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>Held by <see cref="CreateCheckpointAsync"/> so that no outbox message is delivered while it runs.</summary>
    internal OutboxDeliveryBarrier OutboxDelivery { get; } = new();

    /// <summary>
    /// Takes a checkpoint of every shard into <paramref name="directory"/> (absent or empty; created) while writes go on:
    /// table files are hard-linked when the directory is on the same file system as the engine, so it is fast and small
    /// there. Every write acknowledged before the call began is in it. The manifest (<c>checkpoint.json</c>, written last)
    /// lists per shard the applied change-feed position, the largest id and every file with its size and CRC-32C; check
    /// it with <see cref="VerifyCheckpoint"/> and restore it with <see cref="RestoreCheckpoint"/>.
    /// </summary>
    public async Task CreateCheckpointAsync(string directory, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!CheckpointFiles.IsAbsentOrEmpty(directory))
        {
            throw new ChirpException(ChirpErrorCode.Validation, $"{directory} is not empty; a checkpoint is made in an empty or new folder.", nameof(directory));
        }

        Directory.CreateDirectory(directory);
        var createdAt = Options.Clock.GetUtcNow();
        string[] shardDirectories = [.. Enumerable.Range(0, _shards.Length).Select(i => System.IO.Path.Combine(directory, EngineCheckpoint.ShardDirectoryName(i)))];

        // Delivery is held only while the shards' data is fixed; checksumming the files needs no hold.
        using (await OutboxDelivery.HoldAsync(cancellationToken).ConfigureAwait(false))
        {
            for (int i = 0; i < _shards.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var store = _shards[i].Store;
                string shardDirectory = shardDirectories[i];
                await Task.Run(() => ShardCheckpoint.Take(store, shardDirectory), cancellationToken).ConfigureAwait(false);
            }
        }

        var shards = new EngineCheckpointShard[_shards.Length];
        for (int i = 0; i < _shards.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int shard = i;
            var manifest = await Task.Run(() => ShardCheckpoint.Describe(shard, shardDirectories[shard], createdAt), cancellationToken).ConfigureAwait(false);
            var (crc, length) = Crc32C.OfFile(System.IO.Path.Combine(shardDirectories[i], ShardCheckpoint.ManifestFileName));
            shards[i] = new EngineCheckpointShard(i, EngineCheckpoint.ShardDirectoryName(i), manifest.AppliedPosition, length, crc);
        }

        CheckpointFiles.WriteJson(
            System.IO.Path.Combine(directory, EngineCheckpoint.ManifestFileName),
            new EngineCheckpointManifest(EngineCheckpoint.FormatVersion, DirectoryFormatVersion, _shards.Length, createdAt, shards));
    }

    /// <summary>
    /// Checks a checkpoint made by <see cref="CreateCheckpointAsync"/> without opening it: the manifests, and every file's
    /// presence, size and CRC-32C. Throws a <see cref="ChirpException"/> with <see cref="ChirpErrorCode.DamagedCheckpoint"/>
    /// naming the first missing or damaged file (or the missing manifest of an incomplete checkpoint), or
    /// <see cref="ChirpErrorCode.UnsupportedFormat"/> for a checkpoint of another format. Returns the shard count.
    /// </summary>
    public static int VerifyCheckpoint(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return EngineCheckpoint.Verify(directory).ShardCount;
    }

    /// <summary>
    /// Restores a checkpoint into <paramref name="enginePath"/>, which must be absent or empty: verifies it as
    /// <see cref="VerifyCheckpoint"/> does, copies each shard's files, and writes the directory format file last, so
    /// that a restore cut short leaves a directory that <see cref="Open"/> refuses rather than a partial engine. Open
    /// it with the checkpoint's shard count; search indexes and home timelines are rebuilt from the restored data at open.
    /// </summary>
    public static void RestoreCheckpoint(string checkpointDirectory, string enginePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        ArgumentException.ThrowIfNullOrEmpty(enginePath);
        var manifest = EngineCheckpoint.Verify(checkpointDirectory);
        if (!CheckpointFiles.IsAbsentOrEmpty(enginePath))
        {
            throw new ChirpException(ChirpErrorCode.Validation, $"{enginePath} is not empty; a checkpoint is restored into an empty or new folder.", nameof(enginePath));
        }

        foreach (var shard in manifest.Shards)
        {
            ShardCheckpoint.Restore(
                System.IO.Path.Combine(checkpointDirectory, shard.Directory), shard.Shard, System.IO.Path.Combine(enginePath, EngineCheckpoint.ShardDirectoryName(shard.Shard)));
        }

        CheckpointFiles.WriteJson(System.IO.Path.Combine(enginePath, FormatFileName), new DirectoryFormat(DirectoryFormatVersion, manifest.ShardCount));
    }

    /// <summary>
    /// Checkpoints one shard into <paramref name="directory"/> (which must not exist), with its own manifest: the unit of
    /// <see cref="CreateCheckpointAsync"/>, and the snapshot a replica of the shard installs with <see cref="RestoreShard"/>.
    /// </summary>
    internal async Task<ShardCheckpointManifest> CreateShardCheckpointAsync(int shard, string directory, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shard, _shards.Length);
        using var pass = _gate.Enter();
        var store = _shards[shard].Store;
        var now = Options.Clock.GetUtcNow();
        return await Task.Run(() => ShardCheckpoint.Create(store, shard, directory, now), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces shard <paramref name="shard"/> of the closed engine directory <paramref name="enginePath"/> with a shard
    /// checkpoint: verifies it, deletes the shard's database and its search index (derived state, rebuilt from the
    /// restored records at the next open), and copies the checkpoint in. The engine must not be open.
    /// </summary>
    internal static ShardCheckpointManifest RestoreShard(string enginePath, int shard, string checkpointDirectory)
    {
        ShardCheckpoint.Verify(checkpointDirectory, shard);
        string shardPath = System.IO.Path.Combine(enginePath, EngineCheckpoint.ShardDirectoryName(shard));
        string searchPath = System.IO.Path.Combine(enginePath, "search", EngineCheckpoint.ShardDirectoryName(shard));
        foreach (string derivedOrReplaced in new[] { searchPath, shardPath })
        {
            if (Directory.Exists(derivedOrReplaced))
            {
                Directory.Delete(derivedOrReplaced, recursive: true);
            }
        }

        return ShardCheckpoint.Restore(checkpointDirectory, shard, shardPath);
    }
}
