namespace Chirp.Server.Mastodon;

/// <summary>The API family a node is compatible with: <c>{"name": "mastodon", "version": "4.2.0"}</c>.</summary>
public sealed record NodeInfoUpstreamEntity
{
    public string Name { get; init; } = "mastodon";

    public required string Version { get; init; }
}
