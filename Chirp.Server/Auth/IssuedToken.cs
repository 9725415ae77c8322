namespace Chirp.Server.Auth;

/// <summary>An access token as issued: the signed JWT, its id (for revocation), scopes and creation time.</summary>
public sealed record IssuedToken(string AccessToken, string TokenId, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
