namespace Chirp.Engine.Timelines;

/// <summary>The state bits of a stored timeline.</summary>
[Flags]
internal enum TimelineFlags
{
    None = 0,

    /// <summary>Being regenerated from the logs: fanout inserts land, but readers cannot rely on it yet.</summary>
    Building = 1,
}
