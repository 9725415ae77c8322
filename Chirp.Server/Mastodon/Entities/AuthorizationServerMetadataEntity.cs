namespace Chirp.Server.Mastodon;

/// <summary>
/// OAuth 2 authorization server metadata (RFC 8414, <c>/.well-known/oauth-authorization-server</c>), as Mastodon 4.3
/// serves it: clients read it to find the endpoints and to learn that PKCE (S256) is supported.
/// </summary>
public sealed record AuthorizationServerMetadataEntity
{
    public required string Issuer { get; init; }

    public required string ServiceDocumentation { get; init; }

    public required string AuthorizationEndpoint { get; init; }

    public required string TokenEndpoint { get; init; }

    public required string AppRegistrationEndpoint { get; init; }

    public required string RevocationEndpoint { get; init; }

    public required IReadOnlyList<string> ScopesSupported { get; init; }

    public required IReadOnlyList<string> ResponseTypesSupported { get; init; }

    public required IReadOnlyList<string> ResponseModesSupported { get; init; }

    public required IReadOnlyList<string> CodeChallengeMethodsSupported { get; init; }

    public required IReadOnlyList<string> GrantTypesSupported { get; init; }

    public required IReadOnlyList<string> TokenEndpointAuthMethodsSupported { get; init; }
}
