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

    /// <summary>The bench's settings that lift the rate limits and the sign-in throttle and let password hashes queue.</summary>
    public static readonly string[] LiftedRateLimits = [.. Chirp.Bench.Support.HttpBenchServer.LiftedLimits];

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
