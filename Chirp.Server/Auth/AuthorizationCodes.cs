using System.Security.Cryptography;
using System.Text;

namespace Chirp.Server.Auth;

/// <summary>
/// Authorization codes of the authorization_code grant: random, stored as a hash, valid for ten minutes, usable once.
/// PKCE (RFC 7636): a code issued with a challenge is exchanged only with the matching verifier (S256 or plain).
/// </summary>
public sealed class AuthorizationCodes(IServerStateWrites writes, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public async Task<string> IssueAsync(
        string clientId, long userId, string redirectUri, IReadOnlyList<string> scopes, string? challenge, string? challengeMethod, CancellationToken cancellationToken)
    {
        string code = AppRegistry.Base64Url(RandomNumberGenerator.GetBytes(32));
        var stored = new AuthorizationCode(clientId, userId, redirectUri, scopes, challenge, challengeMethod, clock.GetUtcNow() + Lifetime);
        await writes.PutCodeAsync(AppRegistry.Hash(code), stored, cancellationToken).ConfigureAwait(false);
        return code;
    }

    /// <summary>
    /// Takes a code (it cannot be used again); null if unknown, expired, or not matching the client, verifier, or the
    /// redirect URI it was issued for, which must be given (RFC 6749 §4.1.3).
    /// </summary>
    public async Task<AuthorizationCode?> RedeemAsync(string? code, string clientId, string? redirectUri, string? verifier, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        // Taken before it is checked: a code presented with the wrong verifier is spent too (RFC 6749 §4.1.2).
        var stored = await writes.TakeCodeAsync(AppRegistry.Hash(code), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        bool valid = stored.ExpiresAt > clock.GetUtcNow()
            && stored.ClientId == clientId
            && redirectUri == stored.RedirectUri
            && VerifierMatches(stored, verifier);
        return valid ? stored : null;
    }

    private static bool VerifierMatches(AuthorizationCode code, string? verifier)
    {
        if (code.CodeChallenge is null)
        {
            return true;
        }

        if (string.IsNullOrEmpty(verifier))
        {
            return false;
        }

        string computed = code.CodeChallengeMethod == "plain"
            ? verifier
            : AppRegistry.Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(code.CodeChallenge));
    }
}
