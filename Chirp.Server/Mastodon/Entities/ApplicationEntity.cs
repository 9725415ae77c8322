namespace Chirp.Server.Mastodon;

/// <summary>A registered client app, as returned once by <c>POST /api/v1/apps</c> (with its secret).</summary>
public sealed record ApplicationEntity
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string? Website { get; init; }

    /// <summary>The registered redirect URIs, newline-separated as registered.</summary>
    public required string RedirectUri { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>The Web Push public key; null because Chirp sends no push notifications.</summary>
    public string? VapidKey { get; init; }
}
