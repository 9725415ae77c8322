namespace Chirp.Bench.Workload;

/// <summary>
/// A peer system cannot run on this machine (its binaries are missing or its server would not start); the harness
/// reports the system as skipped instead of failing the run.
/// </summary>
/// <param name="message">What is missing or what failed, for the report.</param>
public sealed class WorkloadSystemUnavailableException(string message) : Exception(message);
