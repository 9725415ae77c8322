using Chirp.Engine;
using Chirp.Server.Limits;
using Microsoft.AspNetCore.Identity;

namespace Chirp.Server.Api;

/// <summary>
/// Password hashing with ASP.NET Core Identity's hasher (PBKDF2 with a salt; hashes carry their version), through the
/// <see cref="PasswordHashGate"/> so that hashing cannot take every core; sign-ins pass the <see cref="LoginThrottle"/>
/// first, so throttled guesses cost no hash.
/// </summary>
public sealed class Passwords(IPasswordHasher<string> hasher, PasswordHashGate gate, LoginThrottle throttle)
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    /// <summary>The longest username or e-mail a sign-in may name.</summary>
    public const int MaxLoginLength = 320;

    private const string User = "chirp";

    private readonly Lazy<string> _dummyHash = new(() => hasher.HashPassword(User, "not a password anyone has"));

    /// <summary>The hash to store for a new password; 503 with Retry-After when the server is too busy hashing.</summary>
    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        string? hash = null;
        return await gate.TryRunAsync(() => hash = hasher.HashPassword(User, password), cancellationToken).ConfigureAwait(false)
            ? hash!
            : throw new ApiException(StatusCodes.Status503ServiceUnavailable, "The server is busy; try again shortly") { RetryAfter = PasswordHashGate.RetryAfter };
    }

    /// <summary>
    /// The account whose username or e-mail and password match; null otherwise (same time cost either way). Throws the
    /// OAuth errors 429 <c>slow_down</c> when the account or address must wait after failures, and 503
    /// <c>temporarily_unavailable</c> when the server is too busy hashing; both with Retry-After.
    /// </summary>
    public async Task<Account?> VerifyAsync(ChirpEngine engine, string? login, string? password, HttpContext context)
    {
        // No account has a longer login (an e-mail is at most 320 characters); a longer one would only grow the throttle.
        if (string.IsNullOrEmpty(login) || login.Length > MaxLoginLength || string.IsNullOrEmpty(password) || password.Length > MaxLength)
        {
            return null;
        }

        var account = login.Contains('@') ? engine.GetAccountByEmail(login) : engine.GetAccountByUsername(login);
        // A known account's failures count once whether its username or its e-mail is typed.
        string throttled = account is null ? login : "#" + account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var attempt = throttle.TryBegin(throttled, ClientPartition.Of(context), out var retryAfter)
            ?? throw new ApiException(StatusCodes.Status429TooManyRequests, "slow_down", "Too many failed sign-ins for this account or address; try again later.") { RetryAfter = retryAfter };
        // An unknown login is hashed anyway, against a dummy, so that it takes as long as a wrong password.
        string hash = (account is null ? null : engine.GetCredential(account.Id)) ?? _dummyHash.Value;
        var result = PasswordVerificationResult.Failed;
        if (!await gate.TryRunAsync(() => result = hasher.VerifyHashedPassword(User, hash, password), context.RequestAborted).ConfigureAwait(false))
        {
            attempt.NotMade();
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "temporarily_unavailable", "The server is busy; try again shortly.") { RetryAfter = PasswordHashGate.RetryAfter };
        }

        if (account is null || hash == _dummyHash.Value || result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        attempt.Succeeded();
        return account;
    }
}
