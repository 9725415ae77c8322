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

    // Only a rebuild, or an insert that asks to, creates a timeline: fanout into a user with none must not start a
    // partial one, and a remove must not create an empty record.
    public override bool NeedInitialUpdate(ref long key, ref TimelineInput input, ref TimelineOutput output, ref RMWInfo rmwInfo) =>
        input.Op == TimelineOp.Begin || (input.Op == TimelineOp.Insert && input.Create);

    public override bool InitialUpdater(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        int slots = TimelineView.InitialSlots(capacity);
        value.Length = TimelineView.PayloadLength(slots);
        var view = new TimelineView(ref value);
        view.Initialize(slots);
        if (input.Op == TimelineOp.Begin)
        {
            view.Flags = TimelineFlags.Building;
        }
        else
        {
            view.InsertFitting(input.Entry, capacity);
        }

        output.Capture(view);
        output.Changed = true;
        return true;
    }

    // Skipping a copy that would change nothing keeps idempotent re-deliveries from adding records to the log.
    public override bool NeedCopyUpdate(ref long key, ref TimelineInput input, ref SpanByte oldValue, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        var view = new TimelineView(ref oldValue);
        output.Capture(view);
        return input.Op switch
        {
            TimelineOp.Insert => view.Classify(input.Entry, capacity) is TimelineInsertOutcome.Fits or TimelineInsertOutcome.NeedsGrow or TimelineInsertOutcome.RaisesFloor,
            TimelineOp.Remove => view.Contains(input.Id),
            TimelineOp.RemoveAuthor => view.HasAuthor(input.Id),
            TimelineOp.Seal => IsSealable(view, ref input),
            TimelineOp.BumpGeneration => true,
            TimelineOp.RaiseFloor => input.Floor > view.Floor,
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
        Apply(view, ref input, ref output);
        return true;
    }

    public override bool InPlaceUpdater(ref long key, ref TimelineInput input, ref SpanByte value, ref TimelineOutput output, ref RMWInfo rmwInfo)
    {
        var view = new TimelineView(ref value);
        output.Capture(view);
        if (input.Op == TimelineOp.Insert && view.Classify(input.Entry, capacity) == TimelineInsertOutcome.NeedsGrow)
        {
            // False makes FASTER copy-update into a value sized by TimelineValueLength (doubled slots).
            return false;
        }

        Apply(view, ref input, ref output);
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
        dst.Capture(view);
        dst.Count = input.Op == TimelineOp.Count ? view.Count : view.ReadPage(ref input);
        return true;
    }

    private static bool IsSealable(TimelineView view, ref TimelineInput input) =>
        (view.Flags & TimelineFlags.Building) != 0 && view.Generation == input.Id;

    private void Apply(TimelineView view, ref TimelineInput input, ref TimelineOutput output)
    {
        switch (input.Op)
        {
            case TimelineOp.Insert:
                switch (view.Classify(input.Entry, capacity))
                {
                    case TimelineInsertOutcome.Fits:
                        view.InsertFitting(input.Entry, capacity);
                        output.Changed = true;
                        break;
                    case TimelineInsertOutcome.RaisesFloor:
                        view.Floor = input.Entry.TweetId;
                        output.Changed = true;
                        break;
                    default:
                        break;
                }

                break;
            case TimelineOp.Remove:
                output.Changed = view.Remove(input.Id);
                break;
            case TimelineOp.RemoveAuthor:
                output.Changed = view.RemoveAuthor(input.Id) > 0;
                break;
            case TimelineOp.Seal:
                if (IsSealable(view, ref input))
                {
                    view.Flags &= ~TimelineFlags.Building;
                    view.Floor = Math.Max(view.Floor, input.Floor);
                    output.Changed = true;
                }

                break;
            case TimelineOp.BumpGeneration:
                view.Generation++;
                output.Changed = true;
                break;
            case TimelineOp.RaiseFloor:
                if (input.Floor > view.Floor)
                {
                    view.Floor = input.Floor;
                    output.Changed = true;
                }

                break;
            default:
                break;
        }

        output.Capture(view);
    }
}
