using System.ComponentModel.DataAnnotations;

namespace Chirp.Server;

/// <summary>The "Chirp" configuration section: where the engine keeps its data and how it is sharded.</summary>
public sealed class ServerOptions
{
    public const string Section = "Chirp";

    [Required]
    public string DataDirectory { get; set; } = "chirp-data";

    [Range(1, 1024)]
    public int ShardCount { get; set; } = 4;

    public bool SyncWrites { get; set; }
}
