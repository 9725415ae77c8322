using System.Text.Json.Serialization;

namespace Chirp.Engine.Storage;

/// <summary>
/// What a single shard's checkpoint holds (<c>shard-checkpoint.json</c> beside its RocksDB files), read back from the
/// checkpoint itself, so the positions are those of the data in it and not of the live shard a moment later.
/// </summary>
/// <param name="FormatVersion">The version of this manifest's layout, <see cref="ShardCheckpoint.ManifestFormatVersion"/>.</param>
/// <param name="Shard">The shard the data belongs to.</param>
/// <param name="StoreFormatVersion">The shard database's layout version (<see cref="ShardStore.FormatVersion"/>).</param>
/// <param name="AppliedPosition">The change-feed position of the last command in the checkpoint.</param>
/// <param name="AppliedIndex">
/// The command-log index of the last applied entry (null in manifests written before the shard meta recorded one).
/// The Raft snapshot of the cluster issue is this checkpoint at this index.
/// </param>
/// <param name="MaxId">The largest id minted on the shard; an id generator restarting from the checkpoint starts above it.</param>
/// <param name="OutboxSequence">The last outbox sequence number used.</param>
/// <param name="CreatedAt">When the checkpoint was taken.</param>
/// <param name="Files">Every file of the RocksDB checkpoint.</param>
internal sealed record ShardCheckpointManifest(
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("store_format_version")] int StoreFormatVersion,
    [property: JsonPropertyName("applied_position")] long AppliedPosition,
    [property: JsonPropertyName("applied_index")] long? AppliedIndex,
    [property: JsonPropertyName("max_id")] long MaxId,
    [property: JsonPropertyName("outbox_sequence")] long OutboxSequence,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("files")] IReadOnlyList<CheckpointFile> Files);
