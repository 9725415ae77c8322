namespace Chirp.Bench.Support;

/// <summary>A count of what the timeline store holds, taken by reading every user's stored-timeline state.</summary>
/// <param name="Timelines">Users with a stored timeline.</param>
/// <param name="Full">Stored timelines holding as many entries as the capacity.</param>
/// <param name="Entries">Entries in all stored timelines.</param>
/// <param name="LayoutBytes">
/// What the live records take by their layout (record header, key, length, timeline header and 16 bytes per slot),
/// with the slot count inferred from the entry count: slots start at 4 and double up to the capacity, and nothing is
/// ever removed in these benchmarks. The log holds this plus superseded versions of records.
/// </param>
public sealed record StoredTimelineCensus(int Timelines, int Full, long Entries, long LayoutBytes);
