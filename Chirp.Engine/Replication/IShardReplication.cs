namespace Chirp.Engine.Replication;

/// <summary>
/// The replicated log under the engine's shards, supplied by the host (Chirp.Server runs one Raft group per shard).
/// With it set in <see cref="ChirpEngineOptions.Replication"/>, a shard no longer applies its writes as it prepares
/// them: the shard's writer prepares each write group (time, ids, every input apply must not choose for itself), encodes
/// it as one entry and hands it to <see cref="ReplicateAsync"/>; the host's log orders and commits it and gives every
/// committed entry, on every replica and in log order, to <see cref="ChirpEngine.ApplyReplicatedAsync"/>. Several
/// entries of a shard may be in flight at once.
/// </summary>
public interface IShardReplication
{
    /// <summary>
    /// Appends <paramref name="entry"/> to the log of shard <paramref name="shardId"/> and completes once it is committed
    /// and applied on this node. On the node that appended it, the host passes <paramref name="context"/> along with the
    /// entry to <see cref="ChirpEngine.ApplyReplicatedAsync"/> (that is how the waiting callers get their results).
    /// Throws a <see cref="ChirpException"/> with <see cref="ChirpErrorCode.NotLeader"/> when this node does not lead the
    /// shard (nothing was appended), or with <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when the entry was appended
    /// but this node cannot tell whether it was committed.
    /// </summary>
    ValueTask ReplicateAsync(int shardId, ReadOnlyMemory<byte> entry, object context, CancellationToken cancellationToken);
}
