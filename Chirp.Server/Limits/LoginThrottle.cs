using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Limits;

/// <summary>
/// Throttles password sign-ins per account and per client address, before any hash is computed, so refused attempts
/// cost nothing. The account is the login name as typed, trimmed and lower-cased, whether or not such an account
/// exists, so the answers do not tell which accounts exist. Success clears the account's failures (not the address's,
/// or one valid account would reset an attacker's address between guesses). The counts live in a bounded memory cache
/// and are forgotten after a restart.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private const int Capacity = 200_000;

    private readonly MemoryCache _failures = new(new MemoryCacheOptions { SizeLimit = Capacity });
    private readonly LoginThrottleOptions _settings;
    private readonly TimeProvider _clock;
    private readonly ILogger<LoginThrottle> _logger;

    public LoginThrottle(IOptions<LoginThrottleOptions> options, TimeProvider clock, ILogger<LoginThrottle> logger)
    {
        _settings = options.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>
    /// Starts a sign-in attempt and counts it as a failure until <see cref="LoginAttempt.Succeeded"/> or
    /// <see cref="LoginAttempt.NotMade"/>; null when the account or the address must still wait
    /// (<paramref name="retryAfter"/>), which is logged.
    /// </summary>
    public LoginAttempt? TryBegin(string login, string address, out TimeSpan retryAfter)
    {
        var now = _clock.GetUtcNow();
        var account = Failures("account:" + login.Trim().ToLowerInvariant());
        var client = Failures("address:" + address);
        var accountWait = account.Wait(now);
        var addressWait = client.Wait(now);
        retryAfter = accountWait > addressWait ? accountWait : addressWait;
        if (retryAfter > TimeSpan.Zero)
        {
            _logger.LogWarning(
                "Sign-in throttled by the {Limit} limit for address {Partition}; retry after {RetryAfterSeconds} s",
                accountWait >= addressWait ? "account" : "address", address, Math.Ceiling(retryAfter.TotalSeconds));
            return null;
        }

        account.Add(now, _settings.FailuresPerAccount, _settings.FailureWindow, _settings.MaxBackoff);
        client.Add(now, _settings.FailuresPerAddress, _settings.FailureWindow, _settings.MaxBackoff);
        return new LoginAttempt(account, client, _settings);
    }

    private LoginFailures Failures(string key) => _failures.GetOrCreate(key, entry =>
    {
        entry.Size = 1;
        entry.SlidingExpiration = _settings.FailureWindow + _settings.MaxBackoff;
        return new LoginFailures();
    })!;

    public void Dispose() => _failures.Dispose();
}
