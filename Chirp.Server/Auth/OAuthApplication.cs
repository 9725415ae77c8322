namespace Chirp.Server.Auth;

/// <summary>A client registered with <c>POST /api/v1/apps</c>. The secret is kept only as a SHA-256 hash.</summary>
public sealed record OAuthApplication(
    long Id,
    string Name,
    string? Website,
    IReadOnlyList<string> RedirectUris,
    string Scopes,
    string ClientId,
    string ClientSecretHash,
    DateTimeOffset CreatedAt);
