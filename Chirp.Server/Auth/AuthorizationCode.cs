namespace Chirp.Server.Auth;

/// <summary>An authorization code waiting to be exchanged: who consented, for which client, scopes and PKCE challenge.</summary>
public sealed record AuthorizationCode(
    string ClientId,
    long UserId,
    string RedirectUri,
    IReadOnlyList<string> Scopes,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt);
