using Chirp.Engine;

namespace Chirp.Server.Cluster;

/// <summary>
/// This node's replicas of every shard (replication factor = node count: each node holds each shard), one Raft group
/// per shard, whose members are every node's <c>RaftHost:RaftBasePort + shard</c>. Started after the engine opens
/// (a replica reads the engine's applied index) and disposed before it closes (a replica applies into the engine).
/// </summary>
public sealed class NodeReplicas : IAsyncDisposable
{
    private readonly List<RaftShardReplica> _replicas;

    private NodeReplicas(List<RaftShardReplica> replicas) => _replicas = replicas;

    /// <summary>The replicas, by shard id.</summary>
    public IReadOnlyList<RaftShardReplica> Replicas => _replicas;

    /// <summary>
    /// Creates one replica per shard, routes <paramref name="replication"/> to them and starts them. If one fails to
    /// start, the ones made so far are disposed and the failure is thrown.
    /// </summary>
    public static async Task<NodeReplicas> StartAsync(
        ChirpEngine engine, RaftShardReplication replication, ClusterOptions cluster, int shardCount, string dataPath, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(replication);
        ArgumentNullException.ThrowIfNull(cluster);
        var local = cluster.LocalNode;
        var replicas = new NodeReplicas([]);
        try
        {
            for (int shard = 0; shard < shardCount; shard++)
            {
                int shardId = shard;
                var members = cluster.Nodes.Select(node => ClusterOptions.RaftEndPoint(node, shardId)).ToList();
                var replica = new RaftShardReplica(
                    engine, shardId, ClusterOptions.RaftEndPoint(local, shardId), members, dataPath, cluster.ReplicaSettings, loggerFactory);
                replicas._replicas.Add(replica);
                replication.Add(replica);
            }

            await Task.WhenAll(replicas._replicas.Select(replica => replica.StartAsync(cancellationToken))).ConfigureAwait(false);
            return replicas;
        }
        catch
        {
            await replicas.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops every replica (leaves its group, closes its write-ahead log); the engine may close afterwards.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }

        _replicas.Clear();
    }
}
