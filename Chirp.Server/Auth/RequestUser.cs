using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Chirp.Server.Auth;

/// <summary>What a validated access token says about the caller.</summary>
public static class RequestUser
{
    /// <summary>The user the token acts for; null for an app-only token or no token.</summary>
    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(JwtRegisteredClaimNames.Sub), NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;

    public static IReadOnlyList<string> Scopes(this ClaimsPrincipal principal) =>
        (principal.FindFirstValue(TokenIssuer.ScopeClaim) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public static string? ClientId(this ClaimsPrincipal principal) => principal.FindFirstValue(TokenIssuer.ClientIdClaim);

    public static string? TokenId(this ClaimsPrincipal principal) => principal.FindFirstValue(JwtRegisteredClaimNames.Jti);
}
