namespace Chirp.Server.Mastodon;

/// <summary>An OAuth access token (<c>POST /oauth/token</c>, and sign-up).</summary>
public sealed record TokenEntity
{
    public required string AccessToken { get; init; }

    public string TokenType { get; init; } = "Bearer";

    /// <summary>The granted scopes, space-separated.</summary>
    public required string Scope { get; init; }

    /// <summary>UNIX seconds, unlike every other time in the API (OAuth's convention).</summary>
    public required long CreatedAt { get; init; }
}
