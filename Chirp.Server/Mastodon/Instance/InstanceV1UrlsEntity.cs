namespace Chirp.Server.Mastodon;

/// <summary>The <c>urls</c> of V1 instance metadata.</summary>
public sealed record InstanceV1UrlsEntity
{
    public required string StreamingApi { get; init; }
}
