namespace Chirp.Engine.Sharding;

/// <summary>
/// A command log of one node: an entry is applied as it is appended, in the caller's thread, and the state machine's
/// applied index is the log. Durability is the shard's write-ahead log (the entry's effects and its index are written
/// in one batch), so there is nothing else to keep.
/// </summary>
internal sealed class LocalCommandLog(ShardStateMachine stateMachine) : IShardCommandLog
{
    public ValueTask<ApplyResult[]> AppendAsync(ReadOnlyMemory<byte> entry) =>
        ValueTask.FromResult(stateMachine.Apply(stateMachine.AppliedIndex + 1, entry)!);
}
