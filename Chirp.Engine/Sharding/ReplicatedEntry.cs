using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// An entry this node's writer prepared and handed to the replicated log: the context that comes back with it when it
/// is applied here, so that its callers get its results (or its failure).
/// </summary>
internal sealed class ReplicatedEntry(ShardCommand[] commands)
{
    private readonly TaskCompletionSource<ApplyResult[]> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ShardCommand[] Commands { get; } = commands;

    public Task<ApplyResult[]> Task => _done.Task;

    public void Applied(ApplyResult[] results) => _done.TrySetResult(results);

    public void Failed(Exception error) => _done.TrySetException(error);
}
