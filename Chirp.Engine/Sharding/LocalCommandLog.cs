using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The command log of a shard that is not replicated: an entry is applied as it is appended, in the caller's thread,
/// and the state machine's applied index is the log. Durability is the shard's write-ahead log (the entry's effects
/// and its index are written in one batch). Nothing leaves the node, so the prepared commands are applied as they are,
/// without the encoding a replicated log ships (which decodes to the same commands: the grouping-determinism property
/// test applies both and compares the bytes).
/// </summary>
internal sealed class LocalCommandLog(ShardStateMachine stateMachine) : IShardCommandLog
{
    public ValueTask<ApplyResult[]> AppendAsync(ShardCommand[] commands, CancellationToken lead = default) =>
        ValueTask.FromResult(stateMachine.Apply(stateMachine.AppliedIndex + 1, commands)!);
}
