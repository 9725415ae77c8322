using System.Globalization;
using System.Net;
using Chirp.Server.Auth;
using Chirp.Server.Input;
using Chirp.Server.Logging;
using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>
/// OAuth 2 as Mastodon clients use it: app registration, the authorization-code grant with PKCE through an HTML login
/// and consent page, client credentials, the password grant (a Chirp extension for scripts), and revocation; plus the
/// RFC 8414 metadata that tells clients so. Secrets are taken from the body only (<see cref="CredentialsInQuery"/>).
/// </summary>
public static class OAuthEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/v1/apps", RegisterAppAsync);
        app.MapGet("/oauth/authorize", ShowAuthorizePage).AddEndpointFilter<CredentialsInQuery>();
        app.MapPost("/oauth/authorize", AuthorizeAsync).AddEndpointFilter<CredentialsInQuery>();
        app.MapPost("/oauth/token", TokenAsync).AddEndpointFilter<CredentialsInQuery>();
        app.MapPost("/oauth/revoke", RevokeAsync).AddEndpointFilter<CredentialsInQuery>();
        app.MapGet("/.well-known/oauth-authorization-server", (HttpContext c) => MastodonResults.Json(AuthorizationServerMetadata.For(RequestOrigin.Of(c))));
    }

    private static async Task<IResult> RegisterAppAsync(HttpRequest request, AppRegistry apps)
    {
        var parameters = await ApiParameters.ReadAsync(request).ConfigureAwait(false);
        string name = parameters.Get("client_name")?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw ApiException.Validation("client_name", "ERR_BLANK", "client_name can't be blank");
        }

        if (name.Length > 200)
        {
            throw ApiException.Validation("client_name", "ERR_TOO_LONG", "client_name is too long (at most 200 characters)");
        }

        var redirectUris = parameters.Values("redirect_uris")
            .SelectMany(v => (v ?? "").Split(['\n', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct()
            .ToList();
        if (redirectUris.Count == 0)
        {
            throw ApiException.Validation("redirect_uris", "ERR_BLANK", "redirect_uris can't be blank");
        }

        if (redirectUris.Count > RedirectUris.MaxCount)
        {
            throw ApiException.Validation("redirect_uris", "ERR_TOO_LONG", $"redirect_uris has more than {RedirectUris.MaxCount} URIs");
        }

        foreach (string uri in redirectUris)
        {
            if (RedirectUris.Problem(uri) is { } problem)
            {
                throw ApiException.Validation("redirect_uris", "ERR_INVALID", $"redirect_uris: '{uri}' {problem}");
            }
        }

        var scopes = Scopes.Parse(parameters.Get("scopes"))
            ?? throw ApiException.Validation("scopes", "ERR_INVALID", "scopes: unknown scope");
        string? website = parameters.Get("website");
        if (website is { Length: > 0 } && !Uri.TryCreate(website, UriKind.Absolute, out _))
        {
            throw ApiException.Validation("website", "ERR_INVALID", "website is not a URL");
        }

        var (registered, secret) = await apps.RegisterAsync(name, string.IsNullOrEmpty(website) ? null : website, redirectUris, scopes, request.HttpContext.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(new ApplicationEntity
        {
            Id = registered.Id.ToString(CultureInfo.InvariantCulture),
            Name = registered.Name,
            Website = registered.Website,
            RedirectUri = string.Join('\n', registered.RedirectUris),
            ClientId = registered.ClientId,
            ClientSecret = secret,
        });
    }

    private static IResult ShowAuthorizePage(HttpRequest request, AppRegistry apps)
    {
        var query = request.Query;
        var (app, redirectUri, scopes) = CheckAuthorizeRequest(apps, query["client_id"], query["redirect_uri"], query["scope"], query["response_type"]);
        return AuthorizePage.Render(app, redirectUri, scopes, query["state"], query["code_challenge"], query["code_challenge_method"], error: null);
    }

    private static async Task<IResult> AuthorizeAsync(HttpRequest request, AppRegistry apps, AuthorizationCodes codes, EngineHost host, SecurityEvents events)
    {
        var form = await ApiParameters.ReadAsync(request).ConfigureAwait(false);
        var (app, redirectUri, scopes) = CheckAuthorizeRequest(apps, form.Get("client_id"), form.Get("redirect_uri"), form.Get("scope"), form.Get("response_type"));
        string? state = form.Get("state");
        string? challenge = form.Get("code_challenge");
        string? method = form.Get("code_challenge_method");
        if (challenge is not null && method is not (null or "S256" or "plain"))
        {
            throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "code_challenge_method must be S256 or plain.");
        }

        if (form.Get("deny") is not null)
        {
            return Results.Redirect(WithQuery(redirectUri, ("error", "access_denied"), ("state", state)));
        }

        Chirp.Engine.Account? user;
        try
        {
            user = await request.HttpContext.RequestServices.GetRequiredService<Passwords>().VerifyAsync(host.Engine, form.Get("username"), form.Get("password"), request.HttpContext).ConfigureAwait(false);
        }
        catch (ApiException refused) when (refused.RetryAfter is { } wait)
        {
            // Throttled or too busy: the page again, with the reason and when to retry.
            int seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return AuthorizePage.Render(app, redirectUri, scopes, state, challenge, method, $"{refused.Description} Wait {seconds} s.", refused.Status);
        }

        if (user is null)
        {
            events.LoginFailed(app.ClientId, "authorization_code");
            return AuthorizePage.Render(app, redirectUri, scopes, state, challenge, method, error: "The username or password is wrong.");
        }

        events.LoginSucceeded(user.Id, app.ClientId, "authorization_code");
        string code = await codes.IssueAsync(app.ClientId, user.Id, redirectUri, scopes, challenge, challenge is null ? null : method ?? "plain", request.HttpContext.RequestAborted).ConfigureAwait(false);
        return redirectUri == AppRegistry.OutOfBand
            ? AuthorizePage.ShowCode(code)
            : Results.Redirect(WithQuery(redirectUri, ("code", code), ("state", state)));
    }

    private static async Task<IResult> TokenAsync(HttpRequest request, AppRegistry apps, AuthorizationCodes codes, TokenIssuer issuer, EngineHost host, SecurityEvents events)
    {
        var parameters = await ApiParameters.ReadAsync(request).ConfigureAwait(false);
        string grant = parameters.Get("grant_type") ?? throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "grant_type is required.");
        var app = apps.Authenticate(parameters.Get("client_id"), parameters.Get("client_secret"))
            ?? throw ApiException.OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.");
        var appScopes = Scopes.Parse(app.Scopes) ?? [Scopes.Read];
        IssuedToken token;
        switch (grant)
        {
            case "authorization_code":
                var code = await codes.RedeemAsync(parameters.Get("code"), app.ClientId, parameters.Get("redirect_uri"), parameters.Get("code_verifier"), request.HttpContext.RequestAborted).ConfigureAwait(false)
                    ?? throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.");
                token = issuer.Issue(code.UserId, app.ClientId, code.Scopes);
                break;
            case "client_credentials":
                token = issuer.Issue(null, app.ClientId, RequestedScopes(parameters, appScopes));
                break;
            case "password":
                var user = await request.HttpContext.RequestServices.GetRequiredService<Passwords>().VerifyAsync(host.Engine, parameters.Get("username"), parameters.Get("password"), request.HttpContext).ConfigureAwait(false);
                if (user is null)
                {
                    events.LoginFailed(app.ClientId, grant);
                    throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_grant", "The username or password is wrong.");
                }

                token = issuer.Issue(user.Id, app.ClientId, RequestedScopes(parameters, appScopes));
                events.LoginSucceeded(user.Id, app.ClientId, grant);
                break;
            default:
                throw ApiException.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.");
        }

        return MastodonResults.Json(TokenResponse(token));
    }

    private static async Task<IResult> RevokeAsync(HttpRequest request, AppRegistry apps, TokenIssuer issuer, RevokedTokens revoked, SecurityEvents events)
    {
        var parameters = await ApiParameters.ReadAsync(request).ConfigureAwait(false);
        var app = apps.Authenticate(parameters.Get("client_id"), parameters.Get("client_secret"))
            ?? throw ApiException.OAuth(StatusCodes.Status403Forbidden, "unauthorized_client", "You are not authorized to revoke this token.");
        string token = parameters.Get("token") ?? throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "token is required.");
        var principal = await issuer.ValidateAsync(token).ConfigureAwait(false);
        if (principal is not null)
        {
            if (principal.ClientId() != app.ClientId)
            {
                throw ApiException.OAuth(StatusCodes.Status403Forbidden, "unauthorized_client", "You are not authorized to revoke this token.");
            }

            long expires = long.Parse(principal.FindFirst("exp")!.Value, CultureInfo.InvariantCulture);
            await revoked.RevokeAsync(principal.TokenId()!, DateTimeOffset.FromUnixTimeSeconds(expires), request.HttpContext.RequestAborted).ConfigureAwait(false);
            events.TokenRevoked(principal.TokenId()!, app.ClientId);
        }

        // RFC 7009: an unknown or invalid token is not an error.
        return MastodonResults.Json(new Dictionary<string, string>());
    }

    /// <summary>The token response for a new user or a grant.</summary>
    public static TokenEntity TokenResponse(IssuedToken token) => new()
    {
        AccessToken = token.AccessToken,
        Scope = string.Join(' ', token.Scopes),
        CreatedAt = token.CreatedAt.ToUnixTimeSeconds(),
    };

    private static IReadOnlyList<string> RequestedScopes(ApiParameters parameters, IReadOnlyList<string> appScopes)
    {
        string? requested = parameters.Get("scope");
        if (requested is null)
        {
            return appScopes;
        }

        var scopes = Scopes.Parse(requested);
        return scopes is not null && Scopes.AllWithin(scopes, appScopes)
            ? scopes
            : throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
    }

    private static (OAuthApplication App, string RedirectUri, IReadOnlyList<string> Scopes) CheckAuthorizeRequest(AppRegistry apps, string? clientId, string? redirectUri, string? scope, string? responseType)
    {
        var app = apps.Find(clientId) ?? throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_client", "Unknown client_id.");
        if (responseType is not null && responseType != "code")
        {
            throw ApiException.OAuth(StatusCodes.Status400BadRequest, "unsupported_response_type", "Only response_type=code is supported.");
        }

        string uri = redirectUri ?? (app.RedirectUris.Count == 1 ? app.RedirectUris[0] : "");
        // An app registered before redirect URIs were checked may hold one that is no longer allowed.
        if (!app.RedirectUris.Contains(uri) || RedirectUris.Problem(uri) is not null)
        {
            throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "redirect_uri is not one the app registered.");
        }

        var scopes = Scopes.Parse(scope ?? app.Scopes);
        if (scopes is null || !Scopes.AllWithin(scopes, Scopes.Parse(app.Scopes) ?? [Scopes.Read]))
        {
            throw ApiException.OAuth(StatusCodes.Status400BadRequest, "invalid_scope", "The requested scope is invalid, unknown, or malformed.");
        }

        return (app, uri, scopes);
    }

    private static string WithQuery(string uri, params (string Name, string? Value)[] values)
    {
        var pairs = values.Where(v => v.Value is not null).Select(v => $"{v.Name}={WebUtility.UrlEncode(v.Value)}");
        return uri + (uri.Contains('?') ? "&" : "?") + string.Join('&', pairs);
    }
}
