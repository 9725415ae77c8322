using System.Text.Json.Serialization;

namespace Chirp.Engine.Storage;

/// <summary>
/// The top of an engine checkpoint (<c>checkpoint.json</c>), written last: a checkpoint without it is incomplete. It
/// names each shard's folder and the checksum of the shard's own manifest, which lists that shard's files.
/// </summary>
/// <param name="FormatVersion">The version of the checkpoint layout, <see cref="EngineCheckpoint.FormatVersion"/>.</param>
/// <param name="DirectoryFormat">The engine directory format the shards were written in (<see cref="ChirpEngine.DirectoryFormatVersion"/>).</param>
/// <param name="ShardCount">The number of shards; every one is in the checkpoint.</param>
/// <param name="CreatedAt">When the checkpoint began.</param>
/// <param name="Shards">Per shard, in shard order.</param>
internal sealed record EngineCheckpointManifest(
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("directory_format")] int DirectoryFormat,
    [property: JsonPropertyName("shard_count")] int ShardCount,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("shards")] IReadOnlyList<EngineCheckpointShard> Shards);
