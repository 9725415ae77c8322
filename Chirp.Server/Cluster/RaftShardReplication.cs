using System.Collections.Concurrent;
using Chirp.Engine;
using Chirp.Engine.Replication;

namespace Chirp.Server.Cluster;

/// <summary>
/// The engine's replicated log on a cluster node: each shard's writes go to this node's <see cref="RaftShardReplica"/>
/// of that shard. Created empty and given to <see cref="ChirpEngineOptions.Replication"/> before the engine opens;
/// the replicas need the open engine, so they are added afterwards with <see cref="Add"/>.
/// </summary>
/// <param name="forwarder">
/// How writes reach the node that leads their shard; without one, a write on a node that does not lead is refused as
/// NotLeader.
/// </param>
public sealed class RaftShardReplication(IWriteForwarder? forwarder = null) : IShardReplication
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

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>> ForwardAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (forwarder is null)
        {
            return ValueTask.FromException<ReadOnlyMemory<byte>>(new ChirpException(
                ChirpErrorCode.NotLeader, $"This node does not lead shard {shardId} and forwards no writes."));
        }

        if (_replicas.GetValueOrDefault(shardId)?.LeaderEndPoint is not { } leader)
        {
            return ValueTask.FromException<ReadOnlyMemory<byte>>(new ChirpException(
                ChirpErrorCode.NotLeader, $"Shard {shardId} has no known leader (an election is under way)."));
        }

        return forwarder.ForwardAsync(leader, shardId, request, cancellationToken);
    }
}
