using FASTER.core;

namespace Chirp.Engine.Timelines;

/// <summary>
/// FASTER callbacks of the timeline store. In-place updates do the common work (appending, dropping the oldest,
/// removing); a copy-update happens only when the value must grow or its record has left the mutable region.
/// </summary>
internal sealed class TimelineFunctions(int capacity) : FunctionsBase<long, SpanByte, TimelineInput, TimelineOutput, Empty>
{
    public override bool SingleReader(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput dst, ref ReadInfo readInfo) =>
        Read(ref input, ref value, ref dst);

    public override bool ConcurrentReader(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput dst, ref ReadInfo readInfo) =>
        Read(ref input, ref value, ref dst);

    // A remove on a user with no timeline must not create an empty record.
    public override bool NeedInitialUpdate(ref long key, ref TimelineInput input, ref TimelineOutput output, ref RMWInfo rmwInfo) =>
        input.Op == TimelineOp.Insert;

    public override bool InitialUpdater(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        int slots = TimelineView.InitialSlots(capacity);
        value.Length = TimelineView.PayloadLength(slots);
        var view = new TimelineView(ref value);
        view.Initialize(slots);
        view.InsertFitting(input.Entry, capacity);
        return true;
    }

    // Skipping a copy that would change nothing keeps idempotent re-deliveries from adding records to the log.
    public override bool NeedCopyUpdate(ref long key, ref TimelineInput input, ref SpanByte oldValue, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        var view = new TimelineView(ref oldValue);
        return input.Op switch
        {
            TimelineOp.Insert => view.Classify(input.Entry, capacity) is TimelineInsertOutcome.Fits or TimelineInsertOutcome.NeedsGrow,
            TimelineOp.Remove => view.Contains(input.Id),
            TimelineOp.RemoveAuthor => view.HasAuthor(input.Id),
            _ => false,
        };
    }

    public override bool CopyUpdater(ref long key, ref TimelineInput input, ref SpanByte oldValue, ref SpanByte newValue, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        var old = new TimelineView(ref oldValue);

        // Same computation as TimelineValueLength.GetLength, so this never exceeds what FASTER allocated.
        int slots = TimelineView.SlotsAfter(old, ref input, capacity);
        newValue.Length = TimelineView.PayloadLength(slots);
        var view = new TimelineView(ref newValue);
        view.Initialize(slots);
        old.CopyTo(view);
        Apply(view, ref input);
        return true;
    }

    public override bool InPlaceUpdater(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        var view = new TimelineView(ref value);
        if (input.Op == TimelineOp.Insert && view.Classify(input.Entry, capacity) == TimelineInsertOutcome.NeedsGrow)
        {
            // False makes FASTER copy-update into a value sized by TimelineValueLength (doubled slots).
            return false;
        }

        Apply(view, ref input);
        return true;
    }

    // Only compaction writes whole values (the store itself never upserts). The base implementation would copy the
    // 4-byte SpanByte header and not the payload.
    public override bool SingleWriter(ref long key, ref TimelineInput input, ref SpanByte src, ref SpanByte dst, ref TimelineOutput output, ref UpsertInfo upsertInfo, WriteReason reason)
    {
        src.CopyTo(ref dst);
        return true;
    }

    // False makes FASTER write a new record rather than overwrite a value that may be of another size.
    public override bool ConcurrentWriter(ref long key, ref TimelineInput input, ref SpanByte src, ref SpanByte dst, ref TimelineOutput output, ref UpsertInfo upsertInfo) => false;

    // The base implementations assign default to the value, which a SpanByte tombstone may have no room for.
    public override bool SingleDeleter(ref long key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    public override bool ConcurrentDeleter(ref long key, ref SpanByte value, ref DeleteInfo deleteInfo) => true;

    private static bool Read(ref TimelineInput input, ref SpanByte value, ref TimelineOutput dst)
    {
        var view = new TimelineView(ref value);
        dst.Count = input.Op == TimelineOp.Count ? view.Count : view.ReadPage(ref input);
        return true;
    }

    private void Apply(TimelineView view, ref TimelineInput input)
    {
        switch (input.Op)
        {
            case TimelineOp.Insert:
                if (view.Classify(input.Entry, capacity) == TimelineInsertOutcome.Fits)
                {
                    view.InsertFitting(input.Entry, capacity);
                }

                break;
            case TimelineOp.Remove:
                view.Remove(input.Id);
                break;
            case TimelineOp.RemoveAuthor:
                view.RemoveAuthor(input.Id);
                break;
            default:
                break;
        }
    }
}
