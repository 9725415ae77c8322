namespace Chirp.Server.Mastodon;

/// <summary>The software a NodeInfo document names: Chirp itself, not Mastodon.</summary>
public sealed record NodeInfoSoftwareEntity
{
    /// <summary>Lower-case, as the schema requires.</summary>
    public required string Name { get; init; }

    public required string Version { get; init; }
}
