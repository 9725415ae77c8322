using System.Text.Json.Serialization;

namespace Chirp.Engine.Storage;

/// <summary>One shard in an engine checkpoint's manifest: where its checkpoint is and the checksum of its manifest.</summary>
/// <param name="Shard">The shard number.</param>
/// <param name="Directory">The shard's folder, relative to the checkpoint (<c>shard-0000</c>).</param>
/// <param name="AppliedPosition">The shard's applied change-feed position in the checkpoint (also in its own manifest).</param>
/// <param name="ManifestSize">The length of the shard's <c>shard-checkpoint.json</c>.</param>
/// <param name="ManifestCrc32C">The CRC-32C of the shard's <c>shard-checkpoint.json</c>.</param>
internal sealed record EngineCheckpointShard(
    [property: JsonPropertyName("shard")] int Shard,
    [property: JsonPropertyName("directory")] string Directory,
    [property: JsonPropertyName("applied_position")] long AppliedPosition,
    [property: JsonPropertyName("manifest_size")] long ManifestSize,
    [property: JsonPropertyName("manifest_crc32c")] uint ManifestCrc32C);
