using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Limits;

/// <summary>The "Chirp:RateLimits" section: requests per client address, and posts per user, each per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Chirp:RateLimits";

    [Range(1, 10_000_000)]
    public int RequestsPerIpPerMinute { get; set; } = 1_000;

    [Range(1, 1_000_000)]
    public int StatusesPerUserPerMinute { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int RepliesPerUserPerMinute { get; set; } = 20;
}
