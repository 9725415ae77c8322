namespace Chirp.Engine.Sharding;

/// <summary>
/// The seam between "a write group was decided" (prepared, serialized) and "it is applied". An implementation gives
/// each entry the next log index and applies it through the shard's <see cref="ShardStateMachine"/>: at once and
/// here (<see cref="LocalCommandLog"/>), or once a quorum holds it, on every replica (a Raft log).
/// </summary>
internal interface IShardCommandLog
{
    /// <summary>
    /// Appends one entry and completes with the results of its commands, in order, once it is applied on this node.
    /// Throws the <see cref="ChirpErrorCode.ShardFailed"/> error when applying it failed (nothing of it is stored).
    /// </summary>
    ValueTask<ApplyResult[]> AppendAsync(ReadOnlyMemory<byte> entry);
}
