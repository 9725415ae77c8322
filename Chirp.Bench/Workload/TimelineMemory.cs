namespace Chirp.Bench.Workload;

/// <summary>What stored home timelines cost in memory.</summary>
/// <param name="Bytes">Bytes of memory the stored timelines take, as the system accounts for them.</param>
/// <param name="Entries">Entries held in all stored timelines.</param>
/// <param name="How">How the bytes were counted, for the report.</param>
/// <param name="Classes">
/// The same by timeline size (<see cref="TimelineSizeClass.Bounds"/>), counting each timeline's own bytes (Redis: its
/// key's <c>MEMORY USAGE</c>; Chirp: its live record by layout, without superseded versions or the hash index).
/// </param>
public sealed record TimelineMemory(long Bytes, long Entries, string How, IReadOnlyList<TimelineSizeClass> Classes)
{
    public double BytesPerEntry => Entries == 0 ? double.NaN : (double)Bytes / Entries;
}
