namespace Chirp.Engine.Timelines;

/// <summary>The result of a page read or count: how many entries were written or are stored.</summary>
internal struct TimelineOutput
{
    public int Count;
}
