namespace Chirp.Engine.Timelines;

/// <summary>What inserting an entry into a stored timeline would do; decides in-place update versus copy-update.</summary>
internal enum TimelineInsertOutcome : byte
{
    /// <summary>The tweet id is already there: nothing changes (inserts are idempotent).</summary>
    Present,

    /// <summary>The entry is at or below the floor, where readers pull from the logs: nothing changes.</summary>
    Ignored,

    /// <summary>The timeline is full and the entry is older than its oldest: it is dropped at once, so the floor rises to it.</summary>
    RaisesFloor,

    /// <summary>The entry fits in the allocated slots (dropping the oldest when at capacity).</summary>
    Fits,

    /// <summary>Every allocated slot is used and capacity allows more: the value must be copied into a doubled one.</summary>
    NeedsGrow,
}
