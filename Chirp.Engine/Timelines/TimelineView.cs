using FASTER.core;

namespace Chirp.Engine.Timelines;

/// <summary>
/// Reads and edits a timeline value in place on the FASTER log (no copy, no allocation).
/// </summary>
/// <remarks>
/// Payload of the SpanByte: int count, int slots, int start, int generation, int flags, long floor, then
/// <c>slots</c> 16-byte entries. The 28-byte header plus SpanByte's 4-byte length keeps the floor 8-byte aligned, the
/// entries 16-byte aligned and the record (8 header + 8 key + value) a multiple of FASTER's 8-byte record alignment,
/// so no byte is padding. Every entry with a tweet id above the floor is present (the floor rises when the oldest
/// entry is dropped at capacity); below it, the timeline may be incomplete and readers pull from the logs.
/// The generation counts follow-graph changes, so a rebuild that raced with one can tell. Entries form a ring sorted by tweet id
/// ascending from physical index <c>start</c>: logical index 0 is the oldest, <c>count - 1</c> the newest. An
/// append of a newer tweet writes one slot (and, when full, overwrites the oldest by advancing <c>start</c>) with no
/// memmove; an out-of-order entry shifts only the entries newer than it.
/// </remarks>
internal readonly unsafe ref struct TimelineView
{
    public const int HeaderBytes = (5 * sizeof(int)) + sizeof(long);
    public const int EntryBytes = 16;

    // Four slots (64 bytes) keep the many nearly-empty timelines small; growth doubles from there.
    private const int FirstSlots = 4;

    private readonly int* _header;
    private readonly TimelineEntry* _entries;

    public TimelineView(ref SpanByte value)
    {
        byte* payload = value.ToPointer();
        _header = (int*)payload;
        _entries = (TimelineEntry*)(payload + HeaderBytes);
    }

    public int Count
    {
        get => _header[0];
        set => _header[0] = value;
    }

    public int Slots
    {
        get => _header[1];
        set => _header[1] = value;
    }

    private int Start
    {
        get => _header[2];
        set => _header[2] = value;
    }

    public int Generation
    {
        get => _header[3];
        set => _header[3] = value;
    }

    public TimelineFlags Flags
    {
        get => (TimelineFlags)_header[4];
        set => _header[4] = (int)value;
    }

    public long Floor
    {
        get => *(long*)(_header + 5);
        set => *(long*)(_header + 5) = value;
    }

    public static int InitialSlots(int capacity) => Math.Min(FirstSlots, capacity);

    public static int PayloadLength(int slots) => HeaderBytes + (slots * EntryBytes);

    /// <summary>The slot count of the value an operation leaves; only a blocked insert changes it.</summary>
    public static int SlotsAfter(TimelineView old, ref TimelineInput input, int capacity) =>
        input.Op == TimelineOp.Insert && old.Classify(input.Entry, capacity) == TimelineInsertOutcome.NeedsGrow
            ? Math.Min(capacity, old.Slots * 2)
            : old.Slots;

    public void Initialize(int slots)
    {
        Count = 0;
        Slots = slots;
        Start = 0;
        Generation = 0;
        Flags = TimelineFlags.None;
        Floor = 0;
    }

    public TimelineInsertOutcome Classify(TimelineEntry entry, int capacity)
    {
        if (entry.TweetId <= Floor)
        {
            // Below the floor, readers pull from the logs; an entry here would only be a duplicate of that.
            return TimelineInsertOutcome.Ignored;
        }

        int count = Count;
        int pos = FirstAtLeast(entry.TweetId);
        if (pos < count && At(pos).TweetId == entry.TweetId)
        {
            return TimelineInsertOutcome.Present;
        }

        if (count >= capacity)
        {
            return pos == 0 ? TimelineInsertOutcome.RaisesFloor : TimelineInsertOutcome.Fits;
        }

        return count < Slots ? TimelineInsertOutcome.Fits : TimelineInsertOutcome.NeedsGrow;
    }

    /// <summary>Inserts an entry that <see cref="Classify"/> found to fit.</summary>
    public void InsertFitting(TimelineEntry entry, int capacity)
    {
        int pos = FirstAtLeast(entry.TweetId);
        if (Count >= capacity)
        {
            // Drop the oldest by advancing the ring; its slot becomes logical index Count.
            Floor = Math.Max(Floor, At(0).TweetId);
            Start = Start + 1 == Slots ? 0 : Start + 1;
            Count--;
            pos--;
        }

        for (int i = Count; i > pos; i--)
        {
            At(i) = At(i - 1);
        }

        At(pos) = entry;
        Count++;
    }

    public bool Contains(long tweetId)
    {
        int pos = FirstAtLeast(tweetId);
        return pos < Count && At(pos).TweetId == tweetId;
    }

    public bool Remove(long tweetId)
    {
        int pos = FirstAtLeast(tweetId);
        int count = Count;
        if (pos >= count || At(pos).TweetId != tweetId)
        {
            return false;
        }

        for (int i = pos; i < count - 1; i++)
        {
            At(i) = At(i + 1);
        }

        Count = count - 1;
        return true;
    }

    public bool HasAuthor(long authorId)
    {
        int count = Count;
        for (int i = 0; i < count; i++)
        {
            if (At(i).AuthorId == authorId)
            {
                return true;
            }
        }

        return false;
    }

    public int RemoveAuthor(long authorId)
    {
        int count = Count;
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            var entry = At(i);
            if (entry.AuthorId != authorId)
            {
                if (kept != i)
                {
                    At(kept) = entry;
                }

                kept++;
            }
        }

        Count = kept;
        return count - kept;
    }

    /// <summary>Copies the entries into a freshly initialized value with at least as many slots, unrolling the ring.</summary>
    public void CopyTo(TimelineView destination)
    {
        int count = Count;
        for (int i = 0; i < count; i++)
        {
            destination._entries[i] = At(i);
        }

        destination.Count = count;
        destination.Generation = Generation;
        destination.Flags = Flags;
        destination.Floor = Floor;
    }

    /// <summary>Writes one page newest first into the pinned destination of <paramref name="input"/>; returns its length.</summary>
    public int ReadPage(ref TimelineInput input)
    {
        int lo = input.HasLowerBound ? FirstAbove(input.LowerBound) : 0;
        int hi = input.HasUpperBound ? FirstAtLeast(input.UpperBound) : Count;
        int n = Math.Max(0, Math.Min(input.Limit, hi - lo));
        int newest = input.FromLowerBound ? lo + n - 1 : hi - 1;
        var destination = (TimelineEntry*)input.Destination;
        for (int i = 0; i < n; i++)
        {
            destination[i] = At(newest - i);
        }

        return n;
    }

    private ref TimelineEntry At(int logical)
    {
        int physical = Start + logical;
        int slots = Slots;
        return ref _entries[physical >= slots ? physical - slots : physical];
    }

    private int FirstAtLeast(long tweetId)
    {
        int hi = Count;

        // Fanout mostly appends a tweet newer than all: one look at the newest entry, not a search over the ring.
        if (hi == 0 || At(hi - 1).TweetId < tweetId)
        {
            return hi;
        }

        int lo = 0;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (At(mid).TweetId < tweetId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private int FirstAbove(long tweetId)
    {
        int lo = 0;
        int hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (At(mid).TweetId <= tweetId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
