using System.Collections.Concurrent;
using Chirp.Engine;
using Chirp.Engine.Replication;

namespace Chirp.Server.Cluster;

/// <summary>
/// The engine's replicated log on a cluster node: each shard's writes go to this node's <see cref="RaftShardReplica"/>
/// of that shard. Created empty and given to <see cref="ChirpEngineOptions.Replication"/> before the engine opens;
/// the replicas need the open engine, so they are added afterwards with <see cref="Add"/>.
/// </summary>
public sealed class RaftShardReplication : IShardReplication
{
    private readonly ConcurrentDictionary<int, RaftShardReplica> _replicas = new();

    /// <summary>Routes shard <see cref="RaftShardReplica.ShardId"/>'s writes to <paramref name="replica"/>.</summary>
    public void Add(RaftShardReplica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (!_replicas.TryAdd(replica.ShardId, replica))
        {
            throw new InvalidOperationException($"Shard {replica.ShardId} already has a replica on this node.");
        }
    }

    /// <summary>This node's replica of <paramref name="shardId"/>, or null when it has none.</summary>
    public RaftShardReplica? Replica(int shardId) => _replicas.GetValueOrDefault(shardId);

    /// <inheritdoc />
    public bool TryGetLead(int shardId, out CancellationToken lead)
    {
        if (_replicas.TryGetValue(shardId, out var replica))
        {
            return replica.TryGetLead(out lead);
        }

        lead = default;
        return false;
    }

    /// <inheritdoc />
    public ValueTask ReplicateAsync(int shardId, ReadOnlyMemory<byte> entry, object context, CancellationToken lead)
    {
        if (!_replicas.TryGetValue(shardId, out var replica))
        {
            // A write before the replica joined (or for a shard this node does not hold): nothing was appended.
            return ValueTask.FromException(new ChirpException(
                ChirpErrorCode.NotLeader, $"This node has no replica of shard {shardId} running, so it does not lead it."));
        }

        return replica.ReplicateAsync(entry, context, lead);
    }
}
