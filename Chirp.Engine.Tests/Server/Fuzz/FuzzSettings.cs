using System.Globalization;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// The fuzz run's seed and size: fixed by default so the suite is repeatable, overridable by environment variable to
/// replay a reported seed or to run longer (CHIRP_FUZZ_SEED=123 CHIRP_FUZZ_REQUESTS=50000 dotnet test ...).
/// </summary>
public static class FuzzSettings
{
    public const string SeedVariable = "CHIRP_FUZZ_SEED";
    public const string RequestsVariable = "CHIRP_FUZZ_REQUESTS";
    public const int DefaultSeed = 20_250_611;
    public const int DefaultRequests = 5_000;

    /// <summary>Requests in flight at once: enough to interleave, few enough for a shared 2-core machine.</summary>
    public const int Concurrency = 8;

    /// <summary>
    /// Server settings that lift the rate limits and the sign-in throttle, and let password hashes queue, so that 429s
    /// and 503s do not hide the paths behind them.
    /// </summary>
    public static readonly string[] LiftedRateLimits =
    [
        "--Chirp:RateLimits:RequestsPerIpPerMinute", "10000000",
        "--Chirp:RateLimits:StatusesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:RepliesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:EditsPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:FavouritesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:ReblogsPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:FollowsPerUserPerDay", "1000000",
        "--Chirp:RateLimits:MediaUploadsPerUserPer30Minutes", "1000000",
        "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "1000000",
        "--Chirp:PasswordHashing:QueueLength", "10000",
        "--Chirp:PasswordHashing:MaxWait", "00:10:00",
        "--Chirp:LoginThrottle:FailuresPerAccount", "1000000",
        "--Chirp:LoginThrottle:FailuresPerAddress", "1000000",
    ];

    public static int Seed => Read(SeedVariable, DefaultSeed);

    public static int Requests => Read(RequestsVariable, DefaultRequests);

    private static int Read(string variable, int fallback)
    {
        string? value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        // A typo must not silently run the default seed while the reader thinks it replays another.
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed)
            ? parsed
            : throw new InvalidOperationException($"{variable}={value} is not an integer.");
    }
}
