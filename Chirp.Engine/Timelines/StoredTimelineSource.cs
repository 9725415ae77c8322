namespace Chirp.Engine.Timelines;

/// <summary>
/// A user's stored timeline above its floor. If the stored state changes under the read in a way that breaks the
/// merge's assumptions (the floor rose, the timeline was dropped), the source stops and says so, and the read starts
/// over from where it was.
/// </summary>
internal sealed class StoredTimelineSource(TimelineStore store, long userId, long? upperExclusive, long floor) : TimelineSource(upperExclusive)
{
    public bool Invalidated { get; private set; }

    protected override void Fetch(long? upperExclusive, int count, List<TimelineEntry> into)
    {
        if (Invalidated)
        {
            return;
        }

        Span<TimelineEntry> page = stackalloc TimelineEntry[count];
        int read = store.ReadPage(userId, upperExclusive, floor, null, count, page, out var state);
        if (!state.Found || state.Floor != floor || (state.Flags & TimelineFlags.Building) != 0)
        {
            Invalidated = true;
            return;
        }

        foreach (var entry in page[..read])
        {
            into.Add(entry);
        }
    }
}
