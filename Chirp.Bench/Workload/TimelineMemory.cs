namespace Chirp.Bench.Workload;

/// <summary>What stored home timelines cost in memory.</summary>
/// <param name="Bytes">Bytes of memory the stored timelines take, as the system accounts for them.</param>
/// <param name="Entries">Entries held in all stored timelines.</param>
/// <param name="How">How the bytes were counted, for the report.</param>
public sealed record TimelineMemory(long Bytes, long Entries, string How)
{
    public double BytesPerEntry => Entries == 0 ? double.NaN : (double)Bytes / Entries;
}
