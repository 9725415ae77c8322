using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>A command waiting in a shard's write queue, with the task its submitter awaits.</summary>
internal sealed class PendingCommand(ShardCommand command)
    : TaskCompletionSource<ApplyResult>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public ShardCommand Command { get; } = command;
}
