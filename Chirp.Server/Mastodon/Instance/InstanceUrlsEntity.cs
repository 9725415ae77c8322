namespace Chirp.Server.Mastodon;

/// <summary>The <c>configuration.urls</c> of V2 instance metadata.</summary>
public sealed record InstanceUrlsEntity
{
    public required string Streaming { get; init; }
}
