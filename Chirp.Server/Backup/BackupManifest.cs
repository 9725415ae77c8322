using System.Text.Json.Serialization;

namespace Chirp.Server.Backup;

/// <summary>
/// The top of a server backup (<c>backup.json</c>), written last: a backup without it is incomplete. The engine part
/// has its own manifest (checked through <see cref="EngineManifest"/>); every other file is listed in <see cref="Files"/>.
/// </summary>
/// <param name="FormatVersion">The backup layout version, <see cref="BackupLayout.FormatVersion"/>.</param>
/// <param name="CreatedAt">When the backup began.</param>
/// <param name="ShardCount">The engine's shard count; the restored server must be started with it.</param>
/// <param name="EngineManifest">The engine checkpoint's <c>checkpoint.json</c>.</param>
/// <param name="SigningKeyIncluded">
/// Whether the token signing key file is in the backup; false when the key came from configuration (then configure
/// the same key for the restored server, or tokens issued before the backup are refused).
/// </param>
/// <param name="MediaRecords">The media records in the backup.</param>
/// <param name="Files">The server state and media files.</param>
public sealed record BackupManifest(
    [property: JsonPropertyName("format_version")] int FormatVersion,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("shard_count")] int ShardCount,
    [property: JsonPropertyName("engine_manifest")] BackupFile EngineManifest,
    [property: JsonPropertyName("signing_key_included")] bool SigningKeyIncluded,
    [property: JsonPropertyName("media_records")] int MediaRecords,
    [property: JsonPropertyName("files")] IReadOnlyList<BackupFile> Files);
