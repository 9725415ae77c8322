using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Work the shard's writer does alone, in queue order, between log entries: applying an entry committed elsewhere,
/// fixing a checkpoint at an exact entry, installing a snapshot. It is never prepared, grouped or forwarded.
/// </summary>
internal abstract class PendingInOrderWork : PendingWrite
{
    public sealed override int CommandCount => 0;

    public sealed override ShardCommand[] Unprepared => throw new InvalidOperationException("In-order work is done where it is queued, never forwarded.");

    public sealed override void CompleteForwarded(ForwardedAnswer answer) => throw new InvalidOperationException("In-order work is done where it is queued, never forwarded.");

    public sealed override void PrepareInto(Shard shard, long nowMs, List<ShardCommand> entry) =>
        throw new InvalidOperationException("In-order work is not a command: it is never prepared into a log entry.");

    /// <summary>Does the work on the writer (nothing else writes the shard meanwhile) and completes its waiter.</summary>
    public abstract void RunIn(Shard shard, ShardStateMachine stateMachine);
}
