using Chirp.Engine;
using Chirp.Engine.Timelines;

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
public sealed record StoredTimelineCensus(int Timelines, int Full, long Entries, long LayoutBytes)
{
    // FASTER's 8-byte record header, the 8-byte key and the SpanByte's 4-byte length.
    private const int RecordHeaderKeyAndLengthBytes = 8 + 8 + 4;

    /// <summary>
    /// The bytes of a live timeline record holding <paramref name="entries"/> entries, by layout: slots start at 4 and
    /// double up to the capacity (nothing is removed in the benchmarks).
    /// </summary>
    public static long RecordBytes(int entries, int capacity)
    {
        int slots = TimelineView.InitialSlots(capacity);
        while (slots < entries)
        {
            slots = Math.Min(capacity, slots * 2);
        }

        return RecordHeaderKeyAndLengthBytes + TimelineView.PayloadLength(slots);
    }

    /// <summary>
    /// Counts the stored timelines of the accounts <paramref name="userIds"/> and their entries: for every one, the
    /// stored timeline's state as the engine's timeline store reports it (read through internals; an account without a
    /// stored timeline counts nothing).
    /// </summary>
    public static StoredTimelineCensus Take(ChirpEngine engine, IReadOnlyList<long> userIds)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(userIds);
        var store = engine.Timelines;
        int capacity = store.Capacity;
        long entries = 0;
        long layoutBytes = 0;
        int timelines = 0;
        int full = 0;
        foreach (long userId in userIds)
        {
            var state = store.ReadState(userId);
            if (!state.Found)
            {
                continue;
            }

            timelines++;
            entries += state.Count;
            full += state.Count >= capacity ? 1 : 0;
            layoutBytes += RecordBytes(state.Count, capacity);
        }

        return new StoredTimelineCensus(timelines, full, entries, layoutBytes);
    }
}
