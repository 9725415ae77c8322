using Chirp.Engine.Commands;
using Chirp.Engine.Replication;

namespace Chirp.Engine.Sharding;

/// <summary>
/// The command log of a replicated shard: an entry is encoded and handed to the host's log (<see cref="IShardReplication"/>,
/// a Raft group), which commits it and gives it back to every replica to apply in log order; on this node it comes back
/// with its <see cref="ReplicatedEntry"/>, which completes the append with the entry's results.
/// </summary>
internal sealed class ReplicatedCommandLog(int shardId, IShardReplication replication) : IShardCommandLog
{
    public ValueTask<ApplyResult[]> AppendAsync(ShardCommand[] commands, CancellationToken lead = default)
    {
        var entry = new ReplicatedEntry(commands);
        _ = ReplicateAsync(entry, CommandLogEntry.Encode(commands), lead);
        return new ValueTask<ApplyResult[]>(entry.Task);
    }

    private async Task ReplicateAsync(ReplicatedEntry entry, byte[] encoded, CancellationToken lead)
    {
        try
        {
            await replication.ReplicateAsync(shardId, encoded, entry, lead).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Once the entry was applied here its results stand; an error from the log after that changes nothing.
            entry.Failed(ex);
        }
    }
}
