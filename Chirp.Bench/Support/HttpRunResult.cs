namespace Chirp.Bench.Support;

/// <summary>One measured run over HTTP.</summary>
/// <param name="Latency">Latencies of the successful (2xx) requests counted in the window.</param>
/// <param name="Errors">Requests in the window that got a non-2xx status or failed to complete.</param>
/// <param name="FirstError">The first error, for the report (status and body, or the exception's message).</param>
/// <param name="Seconds">Length of the measured window.</param>
public sealed record HttpRunResult(LatencySummary Latency, long Errors, string? FirstError, double Seconds)
{
    /// <summary>Successful requests per second in the window.</summary>
    public double RequestsPerSecond => Latency.Count / Seconds;
}
