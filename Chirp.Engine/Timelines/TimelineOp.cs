namespace Chirp.Engine.Timelines;

/// <summary>What a FASTER callback is asked to do; one input type serves every operation of the session.</summary>
internal enum TimelineOp : byte
{
    /// <summary>The default input, which FASTER passes when it moves a record itself (compaction): keep the value as is.</summary>
    None,
    Insert,
    Remove,
    RemoveAuthor,
    ReadPage,
    Count,

    /// <summary>Creates an empty timeline marked as building, unless one exists; reports its generation.</summary>
    Begin,

    /// <summary>Ends a rebuild: clears the building mark and raises the floor, if the generation is unchanged.</summary>
    Seal,

    /// <summary>Counts a follow-graph change of the timeline's owner.</summary>
    BumpGeneration,

    /// <summary>Raises the floor of a timeline that exists: entries at or below it may be missing.</summary>
    RaiseFloor,
}
