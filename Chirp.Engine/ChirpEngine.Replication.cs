using Chirp.Engine.Replication;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using MessagePack;

namespace Chirp.Engine;

public sealed partial class ChirpEngine
{
    /// <summary>
    /// Applies a committed entry of shard <paramref name="shardId"/>'s replicated log at <paramref name="index"/>, in
    /// order with the shard's other work, and completes once it is applied (how a host's state machine feeds every
    /// replica; see <see cref="IShardReplication"/>). Indexes must increase; an index at or below the shard's applied
    /// index was applied before and is skipped, and a gap is an entry of the log that was not the engine's. On the node
    /// that appended the entry, pass the <paramref name="context"/> it was appended with: its callers get their results
    /// from this apply. An entry that fails to apply is dropped whole on every replica alike (the engine's fail-stop
    /// rule, <see cref="ChirpErrorCode.ShardFailed"/>); this method does not throw for it, so the log goes on.
    /// </summary>
    public async Task ApplyReplicatedAsync(int shardId, long index, ReadOnlyMemory<byte> entry, object? context = null)
    {
        using var pass = _gate.Enter();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(index);
        var shard = ReplicaShard(shardId);
        try
        {
            await shard.ApplyCommittedAsync(index, entry, context).ConfigureAwait(false);
        }
        catch (ChirpException ex) when (ex.ErrorCode == ChirpErrorCode.ShardFailed)
        {
            // Counted in GetShardFailureCount and told to the entry's callers, if they are here.
        }
    }

    /// <summary>
    /// Executes a write another node forwarded here because this node holds shard <paramref name="shardId"/>'s lead
    /// (<see cref="IShardReplication.ForwardAsync"/> on that node): prepares and replicates its commands like a write
    /// made here, and returns the answer to send back (results and minted ids, or the typed error). A write is never
    /// forwarded twice: if this node does not hold the lead either, the answer is <see cref="ChirpErrorCode.NotLeader"/>
    /// and the sender tries again.
    /// </summary>
    public async Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        using var pass = _gate.Enter();
        var shard = ReplicaShard(shardId);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var commands = CommandLogEntry.Decode(request);
            if (commands.Length == 1)
            {
                var pending = shard.Submit(commands[0], forwarded: true);
                var result = await pending.Task.ConfigureAwait(false);
                return Serialization.Serialize(ForwardedAnswer.Applied([result], [pending.Prepared], shard.AppliedLogIndex));
            }

            if (commands.Length == 0)
            {
                throw new ChirpException(ChirpErrorCode.Validation, "A forwarded write holds no command.");
            }

            var results = await shard.SubmitBatchAsync(commands, forwarded: true).ConfigureAwait(false);
            return Serialization.Serialize(ForwardedAnswer.Applied(results, [], shard.AppliedLogIndex));
        }
        catch (ChirpException refused)
        {
            return ForwardedAnswer.Refusal(refused);
        }
        catch (MessagePackSerializationException unreadable)
        {
            return ForwardedAnswer.Refusal(new ChirpException(ChirpErrorCode.UnsupportedFormat, $"A forwarded write for shard {shardId} could not be read: {unreadable.Message}"));
        }
    }

    /// <summary>
    /// The index of the last replicated log entry shard <paramref name="shardId"/> applied (0 before the first): where a
    /// host's log resumes applying after a restart, since the index is stored with the entry's effects.
    /// </summary>
    public long GetAppliedLogIndex(int shardId)
    {
        using var pass = _gate.Enter();
        return ReplicaShard(shardId).AppliedLogIndex;
    }

    private Sharding.Shard ReplicaShard(int shardId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(shardId, _shards.Length);
        return _shards[shardId];
    }
}
