namespace Chirp.Server.Mastodon;

/// <summary>The instance metadata of <c>GET /api/v2/instance</c> (Mastodon's Instance).</summary>
public sealed record InstanceEntity
{
    public required string Domain { get; init; }

    public required string Title { get; init; }

    /// <summary>The Mastodon version Chirp's API matches, for clients' feature detection.</summary>
    public required string Version { get; init; }

    public required string SourceUrl { get; init; }

    public required string Description { get; init; }

    public required InstanceUsageEntity Usage { get; init; }

    public required InstanceThumbnailEntity Thumbnail { get; init; }

    public required IReadOnlyList<string> Languages { get; init; }

    public required InstanceConfigurationEntity Configuration { get; init; }

    public required InstanceRegistrationsEntity Registrations { get; init; }

    public required InstanceContactEntity Contact { get; init; }

    public IReadOnlyList<RuleEntity> Rules { get; init; } = [];
}
