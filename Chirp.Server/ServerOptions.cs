using System.ComponentModel.DataAnnotations;
using Chirp.Engine;

namespace Chirp.Server;

/// <summary>
/// The "Chirp" configuration section (appsettings.json, environment variables <c>Chirp__Name</c>, or the command line
/// <c>--Chirp:Name=value</c>): where the data lives, how the engine is sharded, and how tokens are made.
/// </summary>
public sealed class ServerOptions
{
    public const string Section = "Chirp";

    /// <summary>The data directory (engine, server state, media); relative to the working directory.</summary>
    [Required]
    public string DataDirectory { get; set; } = "chirp-data";

    [Range(1, 1024)]
    public int ShardCount { get; set; } = 4;

    /// <summary>
    /// Acknowledge a write only once its write-ahead log record is fsync'd, so that it survives a power loss (default
    /// true). Concurrent writes to a shard share one fsync (group commit). When false, an acknowledged write survives a
    /// crash of the process but not of the machine. See docs/operations.md, "Durability and damage".
    /// </summary>
    public bool SyncWrites { get; set; } = true;

    /// <summary>
    /// Open damaged databases (engine shards and the server state) at their last consistent point, dropping what is
    /// damaged and logging at error level what was dropped, instead of refusing to start (default false). Set it for one
    /// start after reading the refusal, then remove it; see docs/operations.md, "Durability and damage".
    /// </summary>
    public bool RecoverFromDamage { get; set; }

    /// <summary>What the engine and the server state do with damage, from <see cref="RecoverFromDamage"/>.</summary>
    public DamageRecovery DamageRecovery => RecoverFromDamage ? DamageRecovery.RecoverToLastConsistentPoint : DamageRecovery.Refuse;

    /// <summary>Authors with at least this many followers are pulled at read time instead of fanned out.</summary>
    [Range(1, int.MaxValue)]
    public int CelebrityThreshold { get; set; } = 10_000;

    /// <summary>
    /// Users expected to read their home timeline within a week (the engine's inactivity period); sizes the timeline
    /// store's hash index, which does not grow (the engine's <c>ExpectedActiveUsers</c>).
    /// </summary>
    [Range(1_000, 1_000_000_000)]
    public int ExpectedActiveUsers { get; set; } = 1_000_000;

    /// <summary>
    /// Memory for stored home timelines, in MiB; past it the least recently written timelines spill to a temporary
    /// file and are slower (the engine's <c>TimelineMemoryBytes</c>).
    /// </summary>
    [Range(16, 1 << 20)]
    public int TimelineMemoryMiB { get; set; } = 1024;

    /// <summary>
    /// The token signing key (base64, at least 32 bytes). When empty, a key is made on the first start and kept in
    /// <c>&lt;data&gt;/server/token-signing.key</c>.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token is valid.</summary>
    [Range(1, 3650)]
    public int TokenLifetimeDays { get; set; } = 30;

    /// <summary>
    /// The origin clients reach the server at (<c>https://chirp.example</c>), on which every URL in an answer is built,
    /// whatever Host header a request carries. Unset: the first address the server listens on.
    /// </summary>
    [Hosting.PublicOrigin]
    public string? PublicOrigin { get; set; }

    /// <summary>The data directory, absolute.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);
}
