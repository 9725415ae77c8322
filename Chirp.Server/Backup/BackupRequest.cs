using System.Text.Json.Serialization;

namespace Chirp.Server.Backup;

/// <summary>The body of a backup request: the directory on the server's machine to write the backup into.</summary>
public sealed record BackupRequest([property: JsonPropertyName("to")] string? To);
