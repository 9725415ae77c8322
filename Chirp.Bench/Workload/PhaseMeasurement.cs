using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>What a phase measured: per category (an operation kind), the latencies of the operations that succeeded and the failures.</summary>
/// <param name="Latencies">Per category, the latencies in Stopwatch ticks.</param>
/// <param name="Errors">Per category, the operations that threw.</param>
/// <param name="Seconds">From the first operation issued to the last one completed.</param>
/// <param name="Asked">Operations the phase had.</param>
/// <param name="Issued">Operations issued (fewer than asked when the phase timed out).</param>
/// <param name="FirstErrors">The first few error messages, for the log.</param>
public sealed record PhaseMeasurement(LatencySummary[] Latencies, long[] Errors, double Seconds, int Asked, int Issued, IReadOnlyList<string> FirstErrors)
{
    /// <summary>Operations of a category completed per second over the phase.</summary>
    public double Throughput(int category) => Seconds <= 0 ? 0 : Latencies[category].Count / Seconds;
}
