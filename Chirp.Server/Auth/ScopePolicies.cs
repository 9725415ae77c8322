using Microsoft.AspNetCore.Authorization;

namespace Chirp.Server.Auth;

/// <summary>
/// Authorization policies by scope: "read:statuses" is met by a token with <c>read</c> or <c>read:statuses</c>;
/// "user:" policies also need a token acting for a user (not an app-only token).
/// </summary>
public static class ScopePolicies
{
    public const string UserPrefix = "user:";

    /// <summary>A policy name for a user token with this scope.</summary>
    public static string User(string scope) => UserPrefix + scope;

    /// <summary>A policy name for any token (user or app) with this scope.</summary>
    public static string Any(string scope) => "any:" + scope;

    public static void Add(AuthorizationOptions options, IEnumerable<string> scopes)
    {
        foreach (string scope in scopes)
        {
            options.AddPolicy(User(scope), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => context.User.UserId() is not null && Scopes.Grants(context.User.Scopes(), scope)));
            options.AddPolicy(Any(scope), policy => policy
                .RequireAuthenticatedUser()
                .RequireAssertion(context => Scopes.Grants(context.User.Scopes(), scope)));
        }
    }
}
