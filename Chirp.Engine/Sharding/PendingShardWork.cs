namespace Chirp.Engine.Sharding;

/// <summary>In-order work with a result: runs <paramref name="work"/> on the shard's writer and completes with what it returns.</summary>
internal sealed class PendingShardWork<T>(Func<Shard, T> work) : PendingInOrderWork
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _done.Task;

    public override void RunIn(Shard shard, ShardStateMachine stateMachine)
    {
        try
        {
            _done.TrySetResult(work(shard));
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
        }
    }

    public override void Complete(ApplyResult[] results, int offset) =>
        _done.TrySetException(new InvalidOperationException("In-order work completes with its own result."));

    public override void Fail(Exception error) => _done.TrySetException(error);
}
