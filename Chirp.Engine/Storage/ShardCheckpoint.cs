using Chirp.Engine.Sharding;
using RocksDbSharp;

namespace Chirp.Engine.Storage;

/// <summary>
/// A checkpoint of one shard: a RocksDB checkpoint (table files hard-linked when on the same file system, the rest
/// copied; consistent as of one moment, taken while writes go on) plus <see cref="ManifestFileName"/>, which lists the
/// files with sizes and CRC-32C and the positions read back from the checkpoint. It is the unit an engine checkpoint
/// is made of, and the snapshot a replica installs.
/// </summary>
internal static class ShardCheckpoint
{
    /// <summary>The layout version of <see cref="ShardCheckpointManifest"/>.</summary>
    public const int ManifestFormatVersion = 1;

    public const string ManifestFileName = "shard-checkpoint.json";

    /// <summary>Checkpoints <paramref name="store"/> into <paramref name="directory"/>, which must not exist yet, with its manifest.</summary>
    public static ShardCheckpointManifest Create(ShardStore store, int shard, string directory, DateTimeOffset now)
    {
        Take(store, directory);
        return Describe(shard, directory, now);
    }

    /// <summary>The RocksDB checkpoint alone: the moment the shard's data is fixed at. <see cref="Describe"/> completes it.</summary>
    public static void Take(ShardStore store, string directory)
    {
        if (Directory.Exists(directory))
        {
            throw new ChirpException(ChirpErrorCode.Validation, $"{directory} exists; a checkpoint is made in a new folder.", nameof(directory));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(directory))!);
        using var checkpoint = store.Db.Checkpoint();
        checkpoint.Save(directory);
    }

    /// <summary>Reads the positions back from a taken checkpoint, checksums its files and writes its manifest.</summary>
    public static ShardCheckpointManifest Describe(int shard, string directory, DateTimeOffset now)
    {
        var meta = ReadMeta(directory);
        if (meta.Shard != shard)
        {
            throw new InvalidOperationException($"The checkpoint of shard {shard} at {directory} reads as shard {meta.Shard}.");
        }

        var manifest = new ShardCheckpointManifest(
            ManifestFormatVersion, shard, (int)meta.StoreFormat, meta.AppliedPosition, meta.AppliedIndex, meta.MaxId, meta.OutboxSequence, now,
            CheckpointFiles.List(directory, except: ManifestFileName));
        CheckpointFiles.WriteJson(Path.Combine(directory, ManifestFileName), manifest);
        return manifest;
    }

    /// <summary>
    /// Checks the manifest and every file it lists; throws <see cref="ChirpErrorCode.DamagedCheckpoint"/> naming the
    /// first file that is missing, of another size or checksum, or a manifest that is not this format or shard.
    /// </summary>
    public static ShardCheckpointManifest Verify(string directory, int expectedShard)
    {
        var manifest = CheckpointFiles.ReadJson<ShardCheckpointManifest>(Path.Combine(directory, ManifestFileName));
        if (manifest.FormatVersion != ManifestFormatVersion)
        {
            throw CheckpointFiles.Damaged($"{directory} is a shard checkpoint of format {manifest.FormatVersion}; this Chirp reads format {ManifestFormatVersion}.");
        }

        if (manifest.Shard != expectedShard)
        {
            throw CheckpointFiles.Damaged($"{directory} holds a checkpoint of shard {manifest.Shard}, not of shard {expectedShard}.");
        }

        if (manifest.StoreFormatVersion != ShardStore.FormatVersion)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{directory} holds a shard database of format {manifest.StoreFormatVersion}; this Chirp reads format {ShardStore.FormatVersion}.");
        }

        if (manifest.Files is not { Count: > 0 })
        {
            throw CheckpointFiles.Damaged($"The manifest in {directory} lists no files.");
        }

        CheckpointFiles.Verify(directory, manifest.Files);
        return manifest;
    }

    /// <summary>
    /// Verifies the checkpoint, then copies its files into <paramref name="shardPath"/>, which must be absent or empty.
    /// Copies, not links: the restored database then shares no file with the checkpoint, which stays intact.
    /// </summary>
    public static ShardCheckpointManifest Restore(string directory, int shard, string shardPath)
    {
        var manifest = Verify(directory, shard);
        if (!CheckpointFiles.IsAbsentOrEmpty(shardPath))
        {
            throw new ChirpException(ChirpErrorCode.Validation, $"{shardPath} is not empty; a shard is restored into an empty folder.", nameof(shardPath));
        }

        CheckpointFiles.CopyInto(directory, shardPath, manifest.Files);
        return manifest;
    }

    /// <summary>Reads the positions from the checkpoint's own data, opened read-only.</summary>
    private static CheckpointMeta ReadMeta(string directory)
    {
        var options = new DbOptions();
        var families = new ColumnFamilies();
        foreach (string name in RocksDb.ListColumnFamilies(options, directory))
        {
            if (name != ColumnFamilies.DefaultName)
            {
                families.Add(name, new ColumnFamilyOptions());
            }
        }

        using var db = RocksDb.OpenReadOnly(options, directory, families, errIfLogFileExists: false);
        var meta = db.GetColumnFamily("meta");
        long Read(byte[] key) => Keys.ReadInt64Value(db.Get(key, meta));
        return new CheckpointMeta(
            (int)Read(ShardStore.ShardIdKey), Read(ShardStore.FormatVersionKey), Read(ShardStore.AppliedPositionKey), Read(ShardStateMachine.AppliedIndexKey), Read(ShardStore.MaxIdKey), Read(Shard.OutboxSequenceKey));
    }

    private readonly record struct CheckpointMeta(int Shard, long StoreFormat, long AppliedPosition, long AppliedIndex, long MaxId, long OutboxSequence);
}
