using FASTER.core;

namespace Chirp.Engine.Timelines;

/// <summary>
/// Tells FASTER how large a timeline value must be before it calls InitialUpdater or CopyUpdater, so that a value
/// only grows (doubling) when an insert finds every slot used.
/// </summary>
internal sealed class TimelineValueLength(int capacity) : IVariableLengthStruct<SpanByte, TimelineInput>
{
    // Lengths include SpanByte's own 4-byte length prefix.
    public int GetInitialLength(ref TimelineInput input) =>
        sizeof(int) + TimelineView.PayloadLength(TimelineView.InitialSlots(capacity));

    public int GetLength(ref SpanByte t, ref TimelineInput input) =>
        input.Op == TimelineOp.None
            ? t.TotalSize
            : sizeof(int) + TimelineView.PayloadLength(TimelineView.SlotsAfter(new TimelineView(ref t), ref input, capacity));
}
