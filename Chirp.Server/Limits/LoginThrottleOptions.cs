using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Limits;

/// <summary>
/// The "Chirp:LoginThrottle" section: failed sign-ins allowed per account (the login name as typed, lower-cased) and
/// per client address within a window before each further attempt waits, 1 s, then 2 s, 4 s..., up to a cap.
/// </summary>
public sealed class LoginThrottleOptions
{
    public const string Section = "Chirp:LoginThrottle";

    [Range(1, 1_000_000)]
    public int FailuresPerAccount { get; set; } = 5;

    /// <summary>Higher than per account: users behind one NAT share an address.</summary>
    [Range(1, 1_000_000)]
    public int FailuresPerAddress { get; set; } = 20;

    /// <summary>How long failures are remembered, counting from the first of a series.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest wait the doubling reaches.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(15);
}
