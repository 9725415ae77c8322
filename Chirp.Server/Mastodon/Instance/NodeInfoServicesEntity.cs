namespace Chirp.Server.Mastodon;

/// <summary>Third-party services a node talks to: none.</summary>
public sealed record NodeInfoServicesEntity
{
    public IReadOnlyList<string> Inbound { get; init; } = [];

    public IReadOnlyList<string> Outbound { get; init; } = [];
}
