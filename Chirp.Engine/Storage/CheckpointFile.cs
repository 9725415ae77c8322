using System.Text.Json.Serialization;

namespace Chirp.Engine.Storage;

/// <summary>One file of a checkpoint, as the manifest lists it: its name relative to its folder, length and CRC-32C.</summary>
internal sealed record CheckpointFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("crc32c")] uint Crc32C);
