namespace Chirp.Bench.Support;

/// <summary>What one <see cref="SearchQueryRun"/> measured.</summary>
/// <param name="Latency">Latency of each query that started and finished inside the measured window.</param>
/// <param name="Seconds">Length of the measured window.</param>
/// <param name="Threads">Threads that ran queries.</param>
/// <param name="Hits">Results returned by the measured queries (first pages only).</param>
/// <param name="Failures">Queries that threw, warmup included.</param>
/// <param name="FirstFailure">The first failure's message, if any.</param>
public sealed record SearchRunResult(LatencySummary Latency, double Seconds, int Threads, long Hits, long Failures, string? FirstFailure)
{
    public double QueriesPerSecond => Latency.Count / Seconds;

    /// <summary>Results per page, on average.</summary>
    public double MeanHits => Hits / (double)Math.Max(1, Latency.Count);
}
