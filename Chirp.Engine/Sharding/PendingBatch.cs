using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Commands that must land together and in order (a run of outbox messages for one target): they go into the same
/// log entry, so a failure leaves none of them applied and a retry cannot reorder them.
/// </summary>
internal sealed class PendingBatch(IReadOnlyList<ShardCommand> commands) : PendingWrite
{
    private readonly TaskCompletionSource<ApplyResult[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ApplyResult[]> Task => _done.Task;

    public override int CommandCount => commands.Count;

    public override ShardCommand[] Unprepared => [.. commands];

    public override void CompleteForwarded(ForwardedAnswer answer) =>
        _done.TrySetResult([.. Enumerable.Range(0, answer.Results.Length).Select(answer.ResultAt)]);

    public override void PrepareInto(Shard shard, long nowMs, List<ShardCommand> entry)
    {
        foreach (var command in commands)
        {
            entry.Add(shard.Prepare(command, nowMs));
        }
    }

    public override void Complete(ApplyResult[] results, int offset) => _done.TrySetResult(results[offset..(offset + commands.Count)]);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
