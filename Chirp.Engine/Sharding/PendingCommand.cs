using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>One command waiting in a shard's write queue, with the task its submitter awaits.</summary>
internal sealed class PendingCommand(ShardCommand command) : PendingWrite
{
    private readonly TaskCompletionSource<ApplyResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ApplyResult _result;
    private Exception? _error;

    public Task<ApplyResult> Task => _done.Task;

    public override int CommandCount => 1;

    public override void ApplyIn(Shard shard) => (_result, _error) = shard.ApplyTopLevel(command);

    public override void Complete()
    {
        if (_error is null)
        {
            _done.TrySetResult(_result);
        }
        else
        {
            _done.TrySetException(_error);
        }
    }

    public override void Fail(Exception error) => _done.TrySetException(error);
}
