using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Limits;

/// <summary>
/// The "Chirp:PasswordHashing" section: how many password hashes (sign-in and sign-up, each tens of milliseconds of
/// CPU) run at once, how many wait, and how long, before the server answers 503 instead of piling them up.
/// </summary>
public sealed class PasswordHashingOptions
{
    public const string Section = "Chirp:PasswordHashing";

    /// <summary>Hashes at once: half the cores by default (at least one), so the other half keeps serving requests.</summary>
    [Range(1, 1_024)]
    public int Concurrency { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Hashes waiting for a slot; more are refused at once.</summary>
    [Range(0, 10_000)]
    public int QueueLength { get; set; } = 16;

    /// <summary>The longest a hash waits for a slot before it is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(5);
}
