using Chirp.Server.Api;

namespace Chirp.Server.Input;

/// <summary>
/// Refuses a request that puts a secret in its query string (400): URLs end up in proxy logs, browser history and
/// Referer headers, so passwords, client secrets, codes and tokens are taken only from the body. Put on the OAuth
/// endpoints and sign-up.
/// </summary>
public sealed class CredentialsInQuery : IEndpointFilter
{
    /// <summary>The parameter names that carry a secret (with or without a trailing <c>[]</c>).</summary>
    public static readonly IReadOnlySet<string> SecretNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "password", "client_secret", "code", "code_verifier", "token", "access_token", "refresh_token",
    };

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (string key in context.HttpContext.Request.Query.Keys)
        {
            string name = key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;
            if (SecretNames.Contains(name))
            {
                throw new ApiException(
                    StatusCodes.Status400BadRequest,
                    "invalid_request",
                    $"{name} must be sent in the request body, not in the query string.");
            }
        }

        return next(context);
    }
}
