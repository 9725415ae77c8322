using System.Diagnostics;

namespace Chirp.Bench.Support;

/// <summary>Percentiles of a set of latencies measured in <see cref="Stopwatch"/> ticks, reported in microseconds.</summary>
public sealed class LatencySummary
{
    private readonly long[] _sorted;

    public LatencySummary(IEnumerable<long> stopwatchTicks)
    {
        _sorted = [.. stopwatchTicks];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    /// <summary>The latency at or below which <paramref name="percentile"/> percent of samples lie (nearest rank), in µs.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        if (_sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percentile / 100.0 * _sorted.Length);
        return ToMicroseconds(_sorted[Math.Clamp(rank - 1, 0, _sorted.Length - 1)]);
    }

    public double MeanMicroseconds => _sorted.Length == 0 ? double.NaN : ToMicroseconds((long)_sorted.Average());

    public double MaxMicroseconds => _sorted.Length == 0 ? double.NaN : ToMicroseconds(_sorted[^1]);

    public static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
