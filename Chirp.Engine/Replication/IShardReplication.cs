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
    /// Whether this node may prepare writes of shard <paramref name="shardId"/> now: it leads the shard's log and has
    /// applied every entry committed before its lead began (so the ids it mints lie above theirs). <paramref name="lead"/>
    /// is canceled when that lead ends; the engine passes it to <see cref="ReplicateAsync"/> with the entries it prepares
    /// under it. The engine asks before each write group, and its background writers (outbox delivery, maintenance) run
    /// only while this holds.
    /// </summary>
    bool TryGetLead(int shardId, out CancellationToken lead);

    /// <summary>
    /// Appends <paramref name="entry"/> to the log of shard <paramref name="shardId"/> and completes once it is committed
    /// and applied on this node. <paramref name="lead"/> is the lead the entry was prepared under (from
    /// <see cref="TryGetLead"/>): an entry whose lead has ended must not be appended. On the node that appended it, the host passes <paramref name="context"/> along with the
    /// entry to <see cref="ChirpEngine.ApplyReplicatedAsync"/> (that is how the waiting callers get their results).
    /// Throws a <see cref="ChirpException"/> with <see cref="ChirpErrorCode.NotLeader"/> when this node does not lead the
    /// shard (nothing was appended), or with <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when the entry was appended
    /// but this node cannot tell whether it was committed.
    /// </summary>
    ValueTask ReplicateAsync(int shardId, ReadOnlyMemory<byte> entry, object context, CancellationToken lead);

    /// <summary>
    /// Sends a write this node cannot prepare (it does not hold shard <paramref name="shardId"/>'s lead) to the node that
    /// does, and returns that node's answer: the bytes its <see cref="ChirpEngine.ExecuteForwardedAsync"/> returned. Throws
    /// a <see cref="ChirpException"/> with <see cref="ChirpErrorCode.NotLeader"/> when no leader is known or it cannot
    /// be reached, and <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when the request was sent but no answer came
    /// back: the engine sends the write again (its request ids make that safe) for a few seconds.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> ForwardAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
