namespace Chirp.Server.Mastodon;

/// <summary>The <c>stats</c> of V1 instance metadata.</summary>
public sealed record InstanceStatsEntity
{
    public required long UserCount { get; init; }

    public required long StatusCount { get; init; }

    /// <summary>Known other domains: none, Chirp does not federate.</summary>
    public long DomainCount { get; init; }
}
