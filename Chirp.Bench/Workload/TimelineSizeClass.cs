using System.Globalization;

namespace Chirp.Bench.Workload;

/// <summary>Stored timelines of one size range and what they take.</summary>
/// <param name="Label">The range of entries, e.g. "4 – 31".</param>
/// <param name="Timelines">Timelines in the range.</param>
/// <param name="Entries">Their entries.</param>
/// <param name="Bytes">Their bytes.</param>
public sealed record TimelineSizeClass(string Label, long Timelines, long Entries, long Bytes)
{
    /// <summary>The lower bound of each range (the last range has no upper one).</summary>
    public static IReadOnlyList<int> Bounds { get; } = [1, 4, 32, 128, 800];

    public double BytesPerEntry => Entries == 0 ? double.NaN : (double)Bytes / Entries;

    /// <summary>The index in <see cref="Bounds"/> of a timeline of <paramref name="entries"/> entries (at least 1).</summary>
    public static int IndexOf(long entries)
    {
        int index = 0;
        while (index + 1 < Bounds.Count && entries >= Bounds[index + 1])
        {
            index++;
        }

        return index;
    }

    /// <summary>Accumulates timelines into classes; not thread-safe.</summary>
    public sealed class Tally
    {
        private readonly long[] _timelines = new long[Bounds.Count];
        private readonly long[] _entries = new long[Bounds.Count];
        private readonly long[] _bytes = new long[Bounds.Count];

        public void Add(long entries, long bytes)
        {
            if (entries <= 0)
            {
                return;
            }

            int index = IndexOf(entries);
            _timelines[index]++;
            _entries[index] += entries;
            _bytes[index] += bytes;
        }

        public IReadOnlyList<TimelineSizeClass> ToClasses() =>
            [.. Enumerable.Range(0, Bounds.Count).Select(i => new TimelineSizeClass(Label(i), _timelines[i], _entries[i], _bytes[i]))];

        private static string Label(int index) => index + 1 < Bounds.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{Bounds[index]} – {Bounds[index + 1] - 1}")
            : string.Create(CultureInfo.InvariantCulture, $"{Bounds[index]}+");
    }
}
