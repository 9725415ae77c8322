using System.Text.Json.Serialization;

namespace Chirp.Server.Backup;

/// <summary>A file of a backup: its path relative to the backup (with <c>/</c>), length and CRC-32C.</summary>
public sealed record BackupFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("crc32c")] uint Crc32C);
