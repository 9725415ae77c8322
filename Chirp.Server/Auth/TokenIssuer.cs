using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Chirp.Server.Auth;

/// <summary>
/// Issues the access tokens: JWTs signed with HMAC-SHA256 under the server's key, carrying the user (absent for an
/// app-only token), the client, the scopes and a token id. ASP.NET Core's JwtBearer validates them
/// (<see cref="ValidationParameters"/>); revocation is checked against <see cref="RevokedTokens"/>.
/// </summary>
public sealed class TokenIssuer(byte[] key, TimeSpan lifetime, TimeProvider clock)
{
    public const string Issuer = "chirp";
    public const string Audience = "chirp-api";
    public const string ClientIdClaim = "client_id";
    public const string ScopeClaim = "scope";

    private readonly SymmetricSecurityKey _key = new(key);
    private readonly JsonWebTokenHandler _handler = new();

    public TimeSpan Lifetime => lifetime;

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = _key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = JwtRegisteredClaimNames.Sub,
    };

    public IssuedToken Issue(long? userId, string clientId, IReadOnlyList<string> scopes)
    {
        var now = clock.GetUtcNow();
        string tokenId = Guid.NewGuid().ToString("N");
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = tokenId,
            [ClientIdClaim] = clientId,
            [ScopeClaim] = string.Join(' ', scopes),
        };
        if (userId is { } user)
        {
            claims[JwtRegisteredClaimNames.Sub] = user.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        };
        return new IssuedToken(_handler.CreateToken(descriptor), tokenId, scopes, now, now + lifetime);
    }

    /// <summary>Reads a token this server issued, without checking revocation; null if it is not valid.</summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, ValidationParameters).ConfigureAwait(false);
        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }
}
