namespace Chirp.Engine.Timelines;

/// <summary>What a FASTER callback is asked to do; one input type serves every operation of the session.</summary>
internal enum TimelineOp : byte
{
    Insert,
    Remove,
    RemoveAuthor,
    ReadPage,
    Count,
}
