namespace Chirp.Engine.Timelines;

/// <summary>The result of a store call: entries written or stored, and the timeline's state when it was found.</summary>
internal struct TimelineOutput
{
    public int Count;

    public bool Found;

    public bool Changed;

    public int Generation;

    public TimelineFlags Flags;

    public long Floor;

    public void Capture(TimelineView view)
    {
        Found = true;
        Generation = view.Generation;
        Flags = view.Flags;
        Floor = view.Floor;
    }
}
