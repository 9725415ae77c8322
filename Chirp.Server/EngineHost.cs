using Chirp.Engine;
using Chirp.Server.Cluster;
using Chirp.Server.Cluster.NodeProtocol;
using Chirp.Server.Operations;
using Microsoft.Extensions.Options;

namespace Chirp.Server;

/// <summary>
/// Owns the engine for the lifetime of the host: opened at start, closed (queued writes applied) at shutdown. On a
/// cluster node (<see cref="ClusterOptions.IsCluster"/>) the engine's writes go through this node's Raft replicas of
/// every shard, started after the engine opens and stopped before it closes.
/// </summary>
public sealed class EngineHost(IOptions<ServerOptions> options, IOptions<ClusterOptions> clusterOptions, ILogger<EngineHost> logger, ILoggerFactory loggerFactory) : IHostedLifecycleService, IDisposable
{
    // Held while the engine closes and by UseWhileOpen, so that a scrape never reads a closing engine.
    private readonly Lock _lifetime = new();
    private ChirpEngine? _engine;
    private NodeReplicas? _replicas;
    private NodeClient? _forwarder;

    /// <summary>How long a write forwarded to a shard's leader may take before its outcome is reported unknown.</summary>
    private static readonly TimeSpan ForwardAnswerTimeout = TimeSpan.FromSeconds(10);

    public ChirpEngine Engine => _engine ?? throw new InvalidOperationException("The engine is not open yet.");

    public bool IsOpen => _engine is not null;

    /// <summary>This node's shard replicas (none on a single node, or before they started).</summary>
    public IReadOnlyList<RaftShardReplica> Replicas => _replicas?.Replicas ?? [];

    /// <summary>Runs <paramref name="use"/> on the engine if it is open; closing waits for it, and it waits for closing.</summary>
    public void UseWhileOpen(Action<ChirpEngine> use)
    {
        lock (_lifetime)
        {
            if (_engine is { } engine)
            {
                use(engine);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) =>
        clusterOptions.Value.IsCluster ? StartClusterNodeAsync(clusterOptions.Value, cancellationToken) : OpenEngine(null);

    /// <summary>Opens the engine; with <paramref name="replication"/> (a cluster node) its writes go through the shards' Raft logs.</summary>
    private Task OpenEngine(RaftShardReplication? replication)
    {
        var settings = options.Value;
        string path = Path.Combine(settings.DataPath, "engine");
        try
        {
            _engine = ChirpEngine.Open(ChirpEngineOptions.ForPath(path) with
            {
                Replication = replication,
                ShardCount = settings.ShardCount,
                SyncWrites = settings.SyncWrites,
                CelebrityThreshold = settings.CelebrityThreshold,
                ExpectedActiveUsers = settings.ExpectedActiveUsers,
                TimelineMemoryBytes = (long)settings.TimelineMemoryMiB << 20,
                DamageRecovery = settings.DamageRecovery,
                OnStorageRecovery = recovery => StorageDamageLog.Recovered(logger, recovery),
                OnCloseFailure = failure => logger.LogError(failure, "Closing the engine at {Path}: {Failure}", path, failure.Message),
            });
        }
        catch (ChirpException refused) when (refused.ErrorCode == ChirpErrorCode.StorageDamaged)
        {
            StorageDamageLog.Refused(logger, refused);
            throw;
        }

        logger.LogInformation("Chirp engine open at {Path} with {Shards} shards, SyncWrites={SyncWrites}", path, settings.ShardCount, settings.SyncWrites);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Opens the engine with its writes routed to a <see cref="RaftShardReplication"/>, then starts a replica of every
    /// shard on this node (a replica needs the open engine: it reads the shard's applied log index).
    /// </summary>
    private async Task StartClusterNodeAsync(ClusterOptions cluster, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _forwarder = new NodeClient(raft => cluster.NodeOfRaftEndPoint(raft, settings.ShardCount), ForwardAnswerTimeout);
        var replication = new RaftShardReplication(_forwarder);
        await OpenEngine(replication).ConfigureAwait(false);
        try
        {
            _replicas = await NodeReplicas.StartAsync(Engine, replication, cluster, settings.ShardCount, settings.DataPath, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Dispose();
            throw;
        }

        logger.LogInformation(
            "Cluster node {NodeId} of {Nodes}: {Shards} shard replicas from Raft port {RaftBasePort}",
            cluster.NodeId, cluster.Nodes.Count, settings.ShardCount, cluster.LocalNode.RaftBasePort);
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Before any service stops (the node protocol included, which the other nodes forward through): gives up this
    /// node's leads and waits for the other nodes to elect, so writes move on while this node still answers.
    /// </summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _replicas) is { } replicas)
        {
            await replicas.HandOverLeadsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await StopReplicasAsync().ConfigureAwait(false);
        Dispose();
    }

    /// <summary>Leaves every shard's Raft group before the engine closes, so that no committed entry is applied into a closed engine.</summary>
    private async Task StopReplicasAsync()
    {
        if (Interlocked.Exchange(ref _replicas, null) is { } replicas)
        {
            await replicas.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _forwarder, null) is { } forwarder)
        {
            await forwarder.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        // Normally StopAsync stopped them already; this is the path of a host that never ran StopAsync.
        StopReplicasAsync().GetAwaiter().GetResult();
        lock (_lifetime)
        {
            _engine?.Dispose();
            _engine = null;
        }
    }
}
