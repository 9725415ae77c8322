namespace Chirp.Server.Mastodon;

/// <summary>The <c>/.well-known/nodeinfo</c> document: links to the NodeInfo documents served.</summary>
public sealed record NodeInfoDiscoveryEntity
{
    public required IReadOnlyList<NodeInfoLinkEntity> Links { get; init; }
}
