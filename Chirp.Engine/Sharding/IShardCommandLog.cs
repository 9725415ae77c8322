using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The seam between "a write group was decided" (prepared) and "it is applied". An implementation gives each entry the
/// next log index and applies it through the shard's <see cref="ShardStateMachine"/>: at once and here
/// (<see cref="LocalCommandLog"/>), or, encoded as a <see cref="CommandLogEntry"/>, once a quorum holds it, on every
/// replica (a Raft log).
/// </summary>
internal interface IShardCommandLog
{
    /// <summary>
    /// Appends one entry made of these prepared commands (read before this returns) and completes with their results,
    /// in order, once the entry is applied on this node. Throws the <see cref="ChirpErrorCode.ShardFailed"/> error when
    /// applying it failed (nothing of it is stored).
    /// </summary>
    /// <param name="commands">The prepared commands of the entry.</param>
    /// <param name="lead">For a replicated log, the lead the entry was prepared under; a local log has none.</param>
    ValueTask<ApplyResult[]> AppendAsync(ShardCommand[] commands, CancellationToken lead = default);
}
