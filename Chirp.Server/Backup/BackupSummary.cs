using System.Text.Json.Serialization;

namespace Chirp.Server.Backup;

/// <summary>The answer to a backup: where it is and what it holds.</summary>
public sealed record BackupSummary(
    [property: JsonPropertyName("directory")] string Directory,
    [property: JsonPropertyName("shard_count")] int ShardCount,
    [property: JsonPropertyName("media_records")] int MediaRecords,
    [property: JsonPropertyName("files")] int Files,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("elapsed_ms")] long ElapsedMs);
