using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Operations;

/// <summary>The "Chirp:Health" section: when readiness reports the search index as behind.</summary>
public sealed class HealthOptions
{
    public const string Section = "Chirp:Health";

    /// <summary>Search lag (age of the oldest change not yet searchable, worst shard) above which /readyz says Degraded.</summary>
    [Range(1, 86_400)]
    public int MaxSearchLagSeconds { get; set; } = 60;
}
