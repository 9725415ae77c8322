using System.Net;
using Chirp.Engine;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Chirp.Server.Cluster.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chirp.Server.Cluster;

/// <summary>
/// One replica of one shard: a DotNext <see cref="RaftCluster"/> (its own TCP port, elections and heartbeats: one Raft
/// group per shard, "multi-raft by brute force", see docs/cluster-notes.md) over a DotNext <see cref="WriteAheadLog"/>
/// whose state machine applies each committed entry to this node's <see cref="ChirpEngine"/>. The member list is
/// static (the three endpoints given, kept in memory): membership changes are a later increment.
/// </summary>
public sealed class RaftShardReplica : IAsyncDisposable
{
    private readonly RaftCluster _cluster;
    private readonly WriteAheadLog _log;
    private readonly ShardStateMachineAdapter _stateMachine;
    private readonly CancellationTokenSource _stop = new();
    private Task _leadWatch = Task.CompletedTask;
    private bool _started;
    private long _leaderChanges;

    // The leadership token of the lead under which this replica caught up with the log (canceled once that lead ends).
    private CancellationToken _readyLead = new(canceled: true);

    /// <summary>
    /// Creates the replica (nothing runs until <see cref="StartAsync"/>). Its write-ahead log lives in
    /// <c>raft/shard-{shardId}</c> under <paramref name="dataDirectory"/>. The engine must already be open: the state
    /// machine reads the shard's applied log index now, so that entries the engine applied before a restart are skipped.
    /// </summary>
    /// <param name="engine">This node's engine; it must be opened with a <see cref="RaftShardReplication"/> this replica is added to.</param>
    /// <param name="shardId">The shard this Raft group replicates.</param>
    /// <param name="localEndPoint">This replica's Raft endpoint; one of <paramref name="members"/>.</param>
    /// <param name="members">Every replica's endpoint, this one's included (three for a 3-replica shard).</param>
    /// <param name="dataDirectory">The node's data directory.</param>
    /// <param name="settings">Timeouts and the snapshot interval; the defaults when null.</param>
    /// <param name="loggerFactory">Where the replica and its snapshots log; nothing is logged when null.</param>
    public RaftShardReplica(
        ChirpEngine engine,
        int shardId,
        IPEndPoint localEndPoint,
        IReadOnlyCollection<IPEndPoint> members,
        string dataDirectory,
        RaftReplicaSettings? settings = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentOutOfRangeException.ThrowIfNegative(shardId);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!members.Contains(localEndPoint))
        {
            throw new ArgumentException($"The member list of shard {shardId} does not hold this replica's endpoint {localEndPoint}.", nameof(members));
        }

        settings ??= new RaftReplicaSettings();
        loggerFactory ??= NullLoggerFactory.Instance;
        ShardId = shardId;
        LocalEndPoint = localEndPoint;
        string raftDirectory = Path.Combine(dataDirectory, "raft");
        var snapshots = new ShardSnapshots(
            engine, shardId, Path.Combine(raftDirectory, $"shard-{shardId}-snapshots"), settings.SnapshotEveryEntries, loggerFactory.CreateLogger<ShardSnapshots>());

        // The adapter recovers the snapshots first: the write-ahead log reads the published one as it is constructed.
        _stateMachine = new ShardStateMachineAdapter(engine, shardId, snapshots);
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(raftDirectory, "shard-" + shardId) }, _stateMachine);

        _cluster = StaticRaftGroup.Create(localEndPoint, members, _log, settings, loggerFactory);
        _cluster.LeaderChanged += (_, _) => Interlocked.Increment(ref _leaderChanges);
    }

    /// <summary>The shard this replica belongs to.</summary>
    public int ShardId { get; }

    /// <summary>This replica's Raft endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether this replica leads its shard's group now (it may lose the lead at any moment).</summary>
    public bool IsLeader => _started && !_cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The numbers an operator watches (metrics): role, term, the log's commit and applied indexes, leader changes.</summary>
    public RaftReplicaStatistics GetStatistics()
    {
        var snapshots = _stateMachine.Snapshots;
        return new(
            ShardId, IsLeader, _cluster.Term, _log.LastCommittedEntryIndex, _log.LastAppliedIndex, Interlocked.Read(ref _leaderChanges),
            snapshots.Published?.Index ?? 0, snapshots.Installs, snapshots.InstalledBytes);
    }

    /// <summary>
    /// Why this replica cannot serve yet, or null when it can: it is running, knows its group's leader and has applied
    /// every entry it knows to be committed (a node that was down catches up before it reports ready).
    /// </summary>
    public string? NotReadyBecause()
    {
        if (!_started)
        {
            return "not started";
        }

        if (LeaderEndPoint is null)
        {
            return "no leader known (an election is under way, or no majority is reachable)";
        }

        if (_stateMachine.Snapshots.Installing)
        {
            return "installing a snapshot received from the leader";
        }

        long committed = _log.LastCommittedEntryIndex;
        long applied = _log.LastAppliedIndex;
        return applied < committed ? $"applied {applied} of {committed} committed log entries" : null;
    }

    /// <summary>The Raft endpoint of the group's current leader as this replica knows it, or null during an election.</summary>
    public EndPoint? LeaderEndPoint => _cluster.Leader?.EndPoint;

    /// <summary>
    /// Opens the write-ahead log (which replays its committed entries into the engine; those the engine had applied are
    /// skipped) and joins the group.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _log.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        _leadWatch = Task.Run(WatchLeadAsync);
    }

    /// <summary>
    /// Whether this replica may prepare writes: it leads and, since its lead began, has applied every entry committed
    /// before (so ids minted now lie above those entries' ids). <paramref name="lead"/> is canceled when the lead ends.
    /// </summary>
    public bool TryGetLead(out CancellationToken lead)
    {
        lead = _readyLead;
        return _started && !lead.IsCancellationRequested;
    }

    /// <summary>
    /// Each time this replica is elected, waits for a read barrier (a round with a majority, then this node's state
    /// machine applied up to the commit index, which covers every entry of earlier terms) before it lets the engine
    /// prepare under that lead.
    /// </summary>
    private async Task WatchLeadAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var lead = await _cluster.WaitForLeadershipAsync(stop).ConfigureAwait(false);
                using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, lead);
                await _cluster.ApplyReadBarrierAsync(both.Token).ConfigureAwait(false);
                _readyLead = lead;
                await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The lead ended (or the replica stops): wait for the next one.
            }
            catch (Exception ex) when (ex is QuorumUnreachableException or InvalidOperationException)
            {
                // No majority answered the barrier: this lead cannot serve; try again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="entry"/> as the leader, replicates it and completes once a majority committed it and this
    /// node applied it (with <paramref name="context"/>, so the engine's waiting callers get their results). Throws a
    /// <see cref="ChirpException"/>: <see cref="ChirpErrorCode.NotLeader"/> when this replica does not lead (nothing was
    /// appended), <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when the lead was lost once the append was under way.
    /// </summary>
    public async ValueTask ReplicateAsync(ReadOnlyMemory<byte> entry, object context, CancellationToken lead)
    {
        if (!IsLeader || lead.IsCancellationRequested || lead != _cluster.LeadershipToken)
        {
            throw NotLeader();
        }

        try
        {
            await _cluster.ReplicateAsync(entry, context, lead).ConfigureAwait(false);

            // Followers learn that the entry committed only from the next round; without one they would wait for the
            // next heartbeat (half the lower election timeout) to apply it, and a write forwarded from a follower waits
            // for its own replica. Not awaited: the caller here has its answer.
            _ = StaticRaftGroup.ForceReplicationAsync(_cluster, lead);
        }
        catch (Exception ex) when (ex is NotLeaderException or OperationCanceledException or InvalidOperationException && ex is not ObjectDisposedException)
        {
            // DotNext throws NotLeaderException both when it finds it does not lead before appending and when the lead
            // is lost after appending; it does not say which. The lead was held just above, so the entry may be in the
            // log and may yet be committed by the next leader: the honest answer is that the outcome is unknown.
            throw new ChirpException(
                ChirpErrorCode.WriteOutcomeUnknown,
                $"This node lost the lead of shard {ShardId} while replicating a write; it may or may not have been committed ({ex.GetType().Name}: {ex.Message}).");
        }
    }

    /// <summary>
    /// Gives up the lead of this shard's group if this replica holds it (before a graceful stop, or when this node leads
    /// more than its share); the other replicas elect a leader once their election timeout runs out. Returns whether it
    /// resigned.
    /// </summary>
    public async Task<bool> ResignAsync(CancellationToken cancellationToken)
    {
        if (!IsLeader)
        {
            return false;
        }

        try
        {
            return await ((ICluster)_cluster).ResignAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Leaves the group (stops its elections, heartbeats and listener), then closes the write-ahead log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _started = false;
            await _stop.CancelAsync().ConfigureAwait(false);
            await _leadWatch.ConfigureAwait(false);
            await _cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _stop.Dispose();

        await _cluster.DisposeAsync().ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private ChirpException NotLeader()
    {
        string leader = LeaderEndPoint is { } endPoint ? $"; the leader is {endPoint}" : "; no leader is known yet";
        return new ChirpException(ChirpErrorCode.NotLeader, $"This node does not lead shard {ShardId}{leader}.");
    }
}
