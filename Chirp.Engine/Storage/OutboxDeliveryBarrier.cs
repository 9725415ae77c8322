namespace Chirp.Engine.Storage;

/// <summary>
/// Lets an engine checkpoint stop outbox delivery on every shard while it checkpoints them one after another. Each
/// delivery round (send to the targets, then delete what they applied) holds a pass; <see cref="HoldAsync"/> waits for
/// the rounds in flight and keeps new ones waiting until the hold ends. So no message leaves a source's outbox between
/// the first and the last shard's checkpoint: one acknowledged before the first is in its target's checkpoint, and
/// any other one is still in its source's checkpoint and is delivered again after a restore (the target drops it if
/// it applied it already). Without this, a message acknowledged between two shard checkpoints could be in neither.
/// </summary>
internal sealed class OutboxDeliveryBarrier
{
    private readonly Lock _lock = new();
    private int _rounds;
    private TaskCompletionSource? _released;
    private TaskCompletionSource? _drained;

    /// <summary>Waits while a hold is on, then enters a delivery round; dispose the pass when the round is done.</summary>
    public async ValueTask<Round> EnterAsync()
    {
        while (true)
        {
            Task held;
            lock (_lock)
            {
                if (_released is null)
                {
                    _rounds++;
                    return new Round(this);
                }

                held = _released.Task;
            }

            await held.ConfigureAwait(false);
        }
    }

    /// <summary>Stops new delivery rounds and waits for those in flight; dispose the hold to let delivery go on.</summary>
    public async ValueTask<Hold> HoldAsync(CancellationToken cancellationToken)
    {
        Task drained;
        while (true)
        {
            Task otherHold;
            lock (_lock)
            {
                if (_released is null)
                {
                    _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _drained = _rounds == 0 ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    drained = _drained?.Task ?? Task.CompletedTask;
                    break;
                }

                otherHold = _released.Task;
            }

            await otherHold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await drained.ConfigureAwait(false);
        return new Hold(this);
    }

    private void ExitRound()
    {
        TaskCompletionSource? drained = null;
        lock (_lock)
        {
            if (--_rounds == 0)
            {
                (drained, _drained) = (_drained, null);
            }
        }

        drained?.TrySetResult();
    }

    private void Release()
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            (released, _released) = (_released, null);
        }

        released?.TrySetResult();
    }

    /// <summary>One delivery round's pass.</summary>
    public readonly struct Round(OutboxDeliveryBarrier barrier) : IDisposable
    {
        public void Dispose() => barrier.ExitRound();
    }

    /// <summary>A checkpoint's hold on delivery.</summary>
    public readonly struct Hold(OutboxDeliveryBarrier barrier) : IDisposable
    {
        public void Dispose() => barrier.Release();
    }
}
