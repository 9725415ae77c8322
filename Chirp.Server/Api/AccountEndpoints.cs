using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Input;
using Chirp.Server.Limits;
using Chirp.Server.Logging;
using Chirp.Server.SignUp;

namespace Chirp.Server.Api;

/// <summary>Sign-up and the caller's own account; accounts by id and by name.</summary>
public static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/v1/accounts", SignUpAsync).RequireAuthorization(ScopePolicies.Any("write:accounts")).AddEndpointFilter<CredentialsInQuery>();
        app.MapGet("/api/v1/accounts/verify_credentials", VerifyCredentials).RequireAuthorization(ScopePolicies.User("read:accounts"));
        app.MapGet("/api/v1/accounts/lookup", Lookup);
        app.MapGet("/api/v1/accounts/{id}", GetAccount);
    }

    /// <summary>
    /// Creates an account with an app token (client credentials) and returns a user token for that app. The password is
    /// hashed here and stored with the account in one engine write. An e-mail address that is taken gets the same answer
    /// as one that is malformed, so that sign-up does not tell who has an account.
    /// </summary>
    private static async Task<IResult> SignUpAsync(HttpContext context, EngineHost host, TokenIssuer issuer, SecurityEvents events)
    {
        if (context.User.UserId() is not null)
        {
            throw ApiException.Forbidden("Sign-up needs an app token, not a user's token.");
        }

        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        string username = Required(parameters, "username");
        string email = Required(parameters, "email");
        string password = Required(parameters, "password");
        if (parameters.GetBool("agreement") != true)
        {
            throw ApiException.Validation("agreement", "ERR_ACCEPTED", "agreement must be accepted");
        }

        SignUpRules.CheckUsername(username);
        SignUpRules.CheckPassword(password, username, email);

        // Counted before hashing: a sign-up refused after it (a taken username) has cost the hash.
        var limits = context.RequestServices.GetRequiredService<RateLimits>();
        limits.Take(context, limits.SignUps, ClientPartition.Of(context));
        string hash = await context.RequestServices.GetRequiredService<Passwords>().HashAsync(password, context.RequestAborted).ConfigureAwait(false);
        Account account;
        try
        {
            account = await host.Engine.CreateAccountAsync(
                new NewAccount(username, email, parameters.Get("display_name"), parameters.Get("note"), hash),
                IdempotencyKeys.ForWrite(context, "app:" + context.User.ClientId()),
                context.RequestAborted).ConfigureAwait(false);
        }
        catch (ChirpException e) when (e.Field == "email")
        {
            throw ApiException.Validation("email", "ERR_INVALID", "email cannot be used: it is malformed or not available");
        }

        string clientId = context.User.ClientId()!;
        events.SignedUp(account.Id, account.Username, clientId);
        var scopes = Scopes.Parse(context.User.Scopes() is { Count: > 0 } granted ? string.Join(' ', granted) : null) ?? [Scopes.Read];
        var token = issuer.Issue(account.Id, clientId, scopes);
        return MastodonResults.Json(OAuthEndpoints.TokenResponse(token));
    }

    private static IResult VerifyCredentials(HttpContext context, EngineHost host)
    {
        var account = host.Engine.GetAccount(context.User.UserId()!.Value)
            ?? throw new ApiException(StatusCodes.Status401Unauthorized, "The access token is invalid");
        return MastodonResults.Json(Mappers.For(context, host).ToCredentialAccount(account));
    }

    private static IResult Lookup(HttpContext context, EngineHost host, string? acct)
    {
        string name = (acct ?? throw ApiException.Missing("acct")).TrimStart('@');
        int at = name.IndexOf('@');
        if (at >= 0 && !IsOwnDomain(name[(at + 1)..], RequestOrigin.Of(context)))
        {
            throw ApiException.NotFound();
        }

        var account = host.Engine.GetAccountByUsername(at >= 0 ? name[..at] : name) ?? throw ApiException.NotFound();
        return MastodonResults.Json(Mappers.For(context, host).ToAccount(account));
    }

    /// <summary>Whether an <c>acct</c> domain names this server: the public origin's host, with or without its port.</summary>
    private static bool IsOwnDomain(string domain, string origin)
    {
        var uri = new Uri(origin);
        return string.Equals(domain, uri.Host, StringComparison.OrdinalIgnoreCase) || string.Equals(domain, uri.Authority, StringComparison.OrdinalIgnoreCase);
    }

    private static IResult GetAccount(HttpContext context, EngineHost host, string id)
    {
        var account = host.Engine.GetAccount(Ids.Parse(id)) ?? throw ApiException.NotFound();
        return MastodonResults.Json(Mappers.For(context, host).ToAccount(account));
    }

    private static string Required(ApiParameters parameters, string name)
    {
        string? value = parameters.Get(name);
        return string.IsNullOrWhiteSpace(value) ? throw ApiException.Validation(name, "ERR_BLANK", $"{name} can't be blank") : value;
    }
}
