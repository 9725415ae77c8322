using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// A log entry prepared and committed elsewhere, queued to apply at its index in order with the shard's own writes:
/// it is applied alone, never prepared again nor grouped with others.
/// </summary>
internal sealed class PendingCommittedEntry(long index, ReadOnlyMemory<byte> entry) : PendingWrite
{
    private readonly TaskCompletionSource<ApplyResult[]?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ApplyResult[]?> Task => _done.Task;

    public override int CommandCount => 0;

    public void ApplyIn(ShardStateMachine stateMachine)
    {
        try
        {
            _done.TrySetResult(stateMachine.Apply(index, entry));
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
        }
    }

    public override void PrepareInto(Shard shard, long nowMs, List<ShardCommand> entry) =>
        throw new InvalidOperationException("A committed entry was prepared where it was decided; it is applied as it is.");

    public override void Complete(ApplyResult[] results, int offset) => _done.TrySetResult(results);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
