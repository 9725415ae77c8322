namespace Chirp.Engine.Sharding;

/// <summary>
/// A log entry prepared and committed elsewhere, queued to apply at its index in order with the shard's own writes:
/// it is applied alone, never prepared again nor grouped with others.
/// </summary>
/// <remarks>
/// On the node that appended the entry, <paramref name="appended"/> is the entry as its writer prepared it: its commands
/// are applied as they are (the encoded bytes decode to the same commands) and its callers get the results.
/// </remarks>
internal sealed class PendingCommittedEntry(long index, ReadOnlyMemory<byte> entry, ReplicatedEntry? appended = null) : PendingInOrderWork
{
    private readonly TaskCompletionSource<ApplyResult[]?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ApplyResult[]?> Task => _done.Task;

    public override void RunIn(Shard shard, ShardStateMachine stateMachine)
    {
        try
        {
            var results = appended is null ? stateMachine.Apply(index, entry) : stateMachine.Apply(index, appended.Commands);
            if (results is not null)
            {
                appended?.Applied(results);
            }
            else
            {
                appended?.Failed(new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, $"Log entry {index} was applied before; its results were not kept. Retry with the same request id for them."));
            }

            _done.TrySetResult(results);
        }
        catch (Exception ex)
        {
            appended?.Failed(ex);
            _done.TrySetException(ex);
        }
    }

    public override void Complete(ApplyResult[] results, int offset) => _done.TrySetResult(results);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
