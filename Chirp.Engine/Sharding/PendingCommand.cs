using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>One command waiting in a shard's write queue, with the task its submitter awaits.</summary>
internal sealed class PendingCommand : PendingWrite
{
    private readonly TaskCompletionSource<ApplyResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ShardCommand _command;

    public PendingCommand(ShardCommand command)
    {
        _command = command;
        Prepared = command;
    }

    public Task<ApplyResult> Task => _done.Task;

    /// <summary>The command as prepare decided it (its minted ids); set before <see cref="Task"/> completes.</summary>
    public ShardCommand Prepared { get; private set; }

    public override int CommandCount => 1;

    public override ShardCommand[] Unprepared => [_command];

    public override void CompleteForwarded(ForwardedAnswer answer)
    {
        Prepared = answer.Prepared.Length == 1 ? answer.Prepared[0] : _command;
        _done.TrySetResult(answer.ResultAt(0));
    }

    public override void PrepareInto(Shard shard, long nowMs, List<ShardCommand> entry)
    {
        Prepared = shard.Prepare(_command, nowMs);
        entry.Add(Prepared);
    }

    public override void Complete(ApplyResult[] results, int offset) => _done.TrySetResult(results[offset]);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
