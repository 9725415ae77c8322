using System.Globalization;

namespace Chirp.Bench.Workload;

/// <summary>How the workload report and chart print numbers: invariant culture, about three significant digits, "–" for a value that is not a finite number.</summary>
internal static class WorkloadFormat
{
    /// <summary>Printed for NaN, infinity or a missing value.</summary>
    public const string Missing = "–";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A latency given in µs, in µs below 1 ms, in ms below 1 s, else in s: "85.3 µs", "1.23 ms", "2.50 s".</summary>
    public static string Latency(double us)
    {
        if (!double.IsFinite(us)) return Missing;
        double magnitude = Math.Abs(us);
        if (magnitude < 1_000) return Significant(us) + " µs";
        if (magnitude < 1_000_000) return Significant(us / 1_000) + " ms";
        return Significant(us / 1_000_000) + " s";
    }

    /// <summary>A throughput with thousands separators and no decimals from 100 on: "1,234,567", "45.3".</summary>
    public static string Throughput(double opsPerSec)
    {
        if (!double.IsFinite(opsPerSec)) return Missing;
        return Math.Abs(opsPerSec) >= 100 ? opsPerSec.ToString("N0", Invariant) : Significant(opsPerSec);
    }

    /// <summary>A count with a k, M or G suffix, for chart labels: "812", "45.2k", "2.31M".</summary>
    public static string Compact(double value)
    {
        if (!double.IsFinite(value)) return Missing;
        double magnitude = Math.Abs(value);
        if (magnitude < 1_000) return Significant(value);
        if (magnitude < 1_000_000) return Significant(value / 1_000) + "k";
        if (magnitude < 1_000_000_000) return Significant(value / 1_000_000) + "M";
        return Significant(value / 1_000_000_000) + "G";
    }

    /// <summary>Bytes as MiB with one decimal.</summary>
    public static string Mebibytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", Invariant);

    /// <summary>
    /// A ratio with a times sign, three significant digits from 1 up ("2.35×", "11.7×") and two below ("0.73×",
    /// "0.00016×"), so a small ratio never rounds to 0; <see cref="Missing"/> for null or a value that is not finite.
    /// </summary>
    public static string Ratio(double? ratio)
    {
        if (ratio is not { } r || !double.IsFinite(r)) return Missing;
        if (Math.Abs(r) >= 1 || r == 0) return Significant(r) + "×";
        int decimals = Math.Max(2, 1 - (int)Math.Floor(Math.Log10(Math.Abs(r))));
        return r.ToString("F" + decimals.ToString(Invariant), Invariant) + "×";
    }

    /// <summary>About three significant digits: 512, 85.3, 1.23, 0.42.</summary>
    public static string Significant(double value)
    {
        double magnitude = Math.Abs(value);
        string format = magnitude >= 99.95 ? "F0" : magnitude >= 9.995 ? "F1" : "F2";
        return value.ToString(format, Invariant);
    }
}
