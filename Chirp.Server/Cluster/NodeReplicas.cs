using Chirp.Engine;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chirp.Server.Cluster;

/// <summary>
/// This node's replicas of every shard (replication factor = node count: each node holds each shard), one Raft group
/// per shard, whose members are every node's <c>RaftHost:RaftBasePort + shard</c>. Started after the engine opens
/// (a replica reads the engine's applied index) and disposed before it closes (a replica applies into the engine).
/// While running it keeps the leads spread: a node that leads more than its share of the shards gives one up now and
/// then; and on a graceful stop it gives up every lead first, so writes move on before it goes.
/// </summary>
public sealed partial class NodeReplicas : IAsyncDisposable
{
    /// <summary>How often a node checks whether it leads more than its share.</summary>
    private static readonly TimeSpan BalanceInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long a graceful stop waits for the shards it led to have another leader.</summary>
    private static readonly TimeSpan HandOverPatience = TimeSpan.FromSeconds(4);

    private readonly List<RaftShardReplica> _replicas;
    private readonly int _nodeCount;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _balancing = Task.CompletedTask;

    private NodeReplicas(List<RaftShardReplica> replicas, int nodeCount, ILogger logger)
    {
        _replicas = replicas;
        _nodeCount = nodeCount;
        _logger = logger;
    }

    /// <summary>The replicas, by shard id.</summary>
    public IReadOnlyList<RaftShardReplica> Replicas => _replicas;

    /// <summary>The most shards one node should lead: the shard count over the node count, rounded up.</summary>
    public static int FairShare(int shardCount, int nodeCount) => (shardCount + nodeCount - 1) / nodeCount;

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
        loggerFactory ??= NullLoggerFactory.Instance;
        var local = cluster.LocalNode;
        var replicas = new NodeReplicas([], cluster.Nodes.Count, loggerFactory.CreateLogger<NodeReplicas>());
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
            replicas._balancing = Task.Run(replicas.BalanceAsync, CancellationToken.None);
            return replicas;
        }
        catch
        {
            await replicas.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Gives up one lead per interval while this node leads more than its share and every group has a leader (so it
    /// never adds an election to one already under way). Elections are random, so leads can pile up on one node after
    /// restarts; the lead given up usually goes to a node with fewer.
    /// </summary>
    private async Task BalanceAsync()
    {
        var stop = _stop.Token;
        int share = FairShare(_replicas.Count, _nodeCount);
        using var timer = new PeriodicTimer(BalanceInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                var led = _replicas.Where(replica => replica.IsLeader).ToList();
                if (led.Count <= share || _replicas.Any(replica => replica.LeaderEndPoint is null))
                {
                    continue;
                }

                var resigning = led[^1];
                if (await resigning.ResignAsync(stop).ConfigureAwait(false))
                {
                    LogRebalanced(resigning.ShardId, led.Count, share);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Stops rebalancing, gives up every lead this node holds and waits (a few seconds at most) until those shards have
    /// another leader, so that writes on the other nodes find it while this node is still reachable. The first step of
    /// a graceful stop; <see cref="DisposeAsync"/> does it too.
    /// </summary>
    public async Task HandOverLeadsAsync(CancellationToken cancellationToken)
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }

        await _balancing.ConfigureAwait(false);
        var handedOver = new List<RaftShardReplica>();
        foreach (var replica in _replicas)
        {
            if (await replica.ResignAsync(cancellationToken).ConfigureAwait(false))
            {
                handedOver.Add(replica);
            }
        }

        var deadline = DateTime.UtcNow + HandOverPatience;
        while (handedOver.Any(replica => replica.LeaderEndPoint is null || Equals(replica.LeaderEndPoint, replica.LocalEndPoint)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Hands the leads over (see <see cref="HandOverLeadsAsync"/>), then stops every replica; the engine may close afterwards.</summary>
    public async ValueTask DisposeAsync()
    {
        await HandOverLeadsAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
        await Task.WhenAll(_replicas.Select(replica => replica.DisposeAsync().AsTask())).ConfigureAwait(false);
        _replicas.Clear();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Gave up the lead of shard {Shard}: this node led {Led} shards, more than its share of {Share}.")]
    private partial void LogRebalanced(int shard, int led, int share);
}
