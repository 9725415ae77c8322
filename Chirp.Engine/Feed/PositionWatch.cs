namespace Chirp.Engine.Feed;

/// <summary>
/// A position that only moves forward (a change-feed position, a fanout or indexing position, a delivery count), and
/// that callers can await: <see cref="WaitAsync"/> completes once the position reaches a target. One advancer, any
/// number of waiters.
/// </summary>
/// <remarks>
/// Waiters share one completion source, made only when someone waits and replaced at each advance, so an advance with
/// nobody waiting allocates nothing and a waiter that finds its target reached allocates nothing either. No wake-up is
/// lost: the advancer stores the position before it takes the source, and a waiter installs the source before it reads
/// the position again, so one of the two always sees the other.
/// </remarks>
internal sealed class PositionWatch
{
    private long _position;
    private TaskCompletionSource? _next;
    private volatile bool _closed;

    public PositionWatch(long position = 0) => _position = position;

    /// <summary>The position reached so far.</summary>
    public long Position => Volatile.Read(ref _position);

    /// <summary>Moves the position to <paramref name="position"/> (never back) and wakes the waiters.</summary>
    public void Advance(long position)
    {
        long current = Volatile.Read(ref _position);
        while (position > current)
        {
            long seen = Interlocked.CompareExchange(ref _position, position, current);
            if (seen == current)
            {
                break;
            }

            current = seen;
        }

        Interlocked.Exchange(ref _next, null)?.TrySetResult();
    }

    /// <summary>
    /// Ends the watch: waiters still short of their target, and later ones, fail with
    /// <see cref="ObjectDisposedException"/> (the engine closed; the position will not move any more).
    /// </summary>
    public void Close()
    {
        _closed = true;
        Interlocked.Exchange(ref _next, null)?.TrySetResult();
    }

    /// <summary>Completes once the position is at least <paramref name="position"/>.</summary>
    public ValueTask WaitAsync(long position, CancellationToken cancellationToken = default)
    {
        if (Position >= position)
        {
            return ValueTask.CompletedTask;
        }

        return new ValueTask(WaitSlowAsync(position, cancellationToken));
    }

    private async Task WaitSlowAsync(long position, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var next = Volatile.Read(ref _next);
            if (next is null)
            {
                var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                next = Interlocked.CompareExchange(ref _next, created, null) ?? created;
            }

            if (Position >= position)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_closed, this);
            await next.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
