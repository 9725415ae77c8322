namespace Chirp.Engine.Timelines;

/// <summary>
/// The input of every FASTER call of the store. It is a plain struct so that an operation allocates nothing;
/// a page read writes straight into the caller's span through <see cref="Destination"/>, which the store keeps
/// pinned until the call (including any pending completion) has returned.
/// </summary>
internal struct TimelineInput
{
    public TimelineOp Op;

    /// <summary>The entry to insert.</summary>
    public TimelineEntry Entry;

    /// <summary>The tweet id to remove, the author id whose entries to remove, or the generation a seal expects.</summary>
    public long Id;

    /// <summary>The floor a seal or a raise sets (at least).</summary>
    public long Floor;

    /// <summary>Whether an insert may create the timeline; fanout inserts only into timelines that exist.</summary>
    public bool Create;

    /// <summary>Exclusive bounds of a page read: entries with LowerBound &lt; id &lt; UpperBound, each only if set.</summary>
    public bool HasUpperBound;

    public long UpperBound;

    public bool HasLowerBound;

    public long LowerBound;

    /// <summary>True when the page is the <see cref="Limit"/> entries just above the lower bound (min_id) rather than the newest.</summary>
    public bool FromLowerBound;

    public int Limit;

    /// <summary>Pinned TimelineEntry* of at least <see cref="Limit"/> elements.</summary>
    public nint Destination;
}
