using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>The server's RFC 8414 metadata, built on its public origin; the values say what the OAuth endpoints do.</summary>
public static class AuthorizationServerMetadata
{
    private static readonly string[] Scopes =
    [
        "read", "write", "follow", "push",
        "read:accounts", "read:favourites", "read:follows", "read:search", "read:statuses",
        "write:accounts", "write:favourites", "write:follows", "write:media", "write:statuses",
    ];

    public static AuthorizationServerMetadataEntity For(string origin) => new()
    {
        Issuer = origin + "/",
        ServiceDocumentation = "https://docs.joinmastodon.org/",
        AuthorizationEndpoint = origin + "/oauth/authorize",
        TokenEndpoint = origin + "/oauth/token",
        AppRegistrationEndpoint = origin + "/api/v1/apps",
        RevocationEndpoint = origin + "/oauth/revoke",
        ScopesSupported = Scopes,
        ResponseTypesSupported = ["code"],
        ResponseModesSupported = ["query"],
        CodeChallengeMethodsSupported = ["S256"],
        GrantTypesSupported = ["authorization_code", "client_credentials", "password"],
        TokenEndpointAuthMethodsSupported = ["client_secret_post"],
    };
}
