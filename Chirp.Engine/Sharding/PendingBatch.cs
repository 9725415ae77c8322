using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Commands that must land together and in order (a run of outbox messages for one target): they go into the same
/// write batch, so a failed write leaves none of them applied and a retry cannot reorder them.
/// </summary>
internal sealed class PendingBatch(IReadOnlyList<ShardCommand> commands) : PendingWrite
{
    private readonly TaskCompletionSource<ApplyResult[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ApplyResult[] _results = new ApplyResult[commands.Count];
    private Exception? _error;

    public Task<ApplyResult[]> Task => _done.Task;

    public override int CommandCount => commands.Count;

    public override void ApplyIn(Shard shard)
    {
        for (int i = 0; i < commands.Count; i++)
        {
            var (result, error) = shard.ApplyTopLevel(commands[i]);
            _results[i] = result;
            _error ??= error;
        }
    }

    public override void Complete()
    {
        if (_error is null)
        {
            _done.TrySetResult(_results);
        }
        else
        {
            _done.TrySetException(_error);
        }
    }

    public override void Fail(Exception error) => _done.TrySetException(error);
}
