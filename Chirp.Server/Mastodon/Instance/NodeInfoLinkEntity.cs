namespace Chirp.Server.Mastodon;

/// <summary>One link of the NodeInfo discovery document.</summary>
public sealed record NodeInfoLinkEntity
{
    /// <summary>The schema URI, for example <c>http://nodeinfo.diaspora.software/ns/schema/2.0</c>.</summary>
    public required string Rel { get; init; }

    public required string Href { get; init; }
}
