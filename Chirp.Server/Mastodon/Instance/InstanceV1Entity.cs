namespace Chirp.Server.Mastodon;

/// <summary>The instance metadata of <c>GET /api/v1/instance</c> (Mastodon's V1::Instance), still read by older clients.</summary>
public sealed record InstanceV1Entity
{
    /// <summary>The domain (Mastodon's historical name for it).</summary>
    public required string Uri { get; init; }

    public required string Title { get; init; }

    public required string ShortDescription { get; init; }

    public required string Description { get; init; }

    public required string Email { get; init; }

    /// <summary>The Mastodon version Chirp's API matches, for clients' feature detection.</summary>
    public required string Version { get; init; }

    public required InstanceV1UrlsEntity Urls { get; init; }

    public required InstanceStatsEntity Stats { get; init; }

    public required string? Thumbnail { get; init; }

    public required IReadOnlyList<string> Languages { get; init; }

    public required bool Registrations { get; init; }

    public bool ApprovalRequired { get; init; }

    public bool InvitesEnabled { get; init; }

    public required InstanceV1ConfigurationEntity Configuration { get; init; }

    public AccountEntity? ContactAccount { get; init; }

    public IReadOnlyList<RuleEntity> Rules { get; init; } = [];
}
