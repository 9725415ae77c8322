using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>An entry of a shard's write queue: prepared into the current log entry, completed once that is applied.</summary>
internal abstract class PendingWrite
{
    public abstract int CommandCount { get; }

    /// <summary>A write another node forwarded here: if this node does not hold the lead either, it is refused, never sent on.</summary>
    public bool Forwarded { get; init; }

    /// <summary>The write's commands as submitted (not prepared), to forward to the node that holds the shard's lead.</summary>
    public abstract ShardCommand[] Unprepared { get; }

    /// <summary>Completes with the answer of the node the write was forwarded to.</summary>
    public abstract void CompleteForwarded(ForwardedAnswer answer);

    /// <summary>Adds this write's prepared commands (time stamped, ids minted) to the entry being built.</summary>
    public abstract void PrepareInto(Shard shard, long nowMs, List<ShardCommand> entry);

    /// <summary>Completes with this write's results: <see cref="CommandCount"/> of them from <paramref name="offset"/>.</summary>
    public abstract void Complete(ApplyResult[] results, int offset);

    public abstract void Fail(Exception error);
}
