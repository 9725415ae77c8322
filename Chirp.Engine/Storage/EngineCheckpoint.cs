namespace Chirp.Engine.Storage;

/// <summary>
/// The layout of an engine checkpoint: <c>shard-NNNN/</c> (one <see cref="ShardCheckpoint"/> each) and
/// <see cref="ManifestFileName"/>, written last.
/// </summary>
internal static class EngineCheckpoint
{
    /// <summary>The layout version of <see cref="EngineCheckpointManifest"/>.</summary>
    public const int FormatVersion = 1;

    public const string ManifestFileName = "checkpoint.json";

    public static string ShardDirectoryName(int shard) => $"shard-{shard:D4}";

    /// <summary>Checks the engine manifest, each shard's manifest checksum, then each shard's files.</summary>
    public static EngineCheckpointManifest Verify(string directory)
    {
        var manifest = CheckpointFiles.ReadJson<EngineCheckpointManifest>(Path.Combine(directory, ManifestFileName));
        if (manifest.FormatVersion != FormatVersion)
        {
            throw CheckpointFiles.Damaged($"{directory} is a checkpoint of format {manifest.FormatVersion}; this Chirp reads format {FormatVersion}.");
        }

        if (manifest.DirectoryFormat != ChirpEngine.DirectoryFormatVersion)
        {
            throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"{directory} holds an engine of directory format {manifest.DirectoryFormat}; this Chirp reads format {ChirpEngine.DirectoryFormatVersion}.");
        }

        if (manifest.Shards is null || manifest.ShardCount < 1 || manifest.Shards.Count != manifest.ShardCount)
        {
            throw CheckpointFiles.Damaged($"The manifest in {directory} says {manifest.ShardCount} shards and lists {manifest.Shards?.Count ?? 0}.");
        }

        for (int i = 0; i < manifest.ShardCount; i++)
        {
            var shard = manifest.Shards[i];
            if (shard.Shard != i || shard.Directory != ShardDirectoryName(i))
            {
                throw CheckpointFiles.Damaged($"The manifest in {directory} lists shard {shard.Shard} in '{shard.Directory}' at place {i}.");
            }

            string shardDirectory = Path.Combine(directory, shard.Directory);
            CheckpointFiles.Verify(shardDirectory, [new CheckpointFile(ShardCheckpoint.ManifestFileName, shard.ManifestSize, shard.ManifestCrc32C)]);
            ShardCheckpoint.Verify(shardDirectory, i);
        }

        return manifest;
    }
}
