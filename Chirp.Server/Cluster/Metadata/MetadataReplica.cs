using System.Net;
using Chirp.Engine;
using Chirp.Server.Auth;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// This node's replica of the metadata group: a DotNext <see cref="RaftCluster"/> on the node's metadata port over a
/// <see cref="WriteAheadLog"/> (in <c>raft/metadata</c>) whose <see cref="MetadataStateMachine"/> applies each command
/// into this node's <see cref="ServerStore"/>. Static members, like the shard replicas (the pattern of
/// <see cref="RaftShardReplica"/>, repeated here because that type is bound to the engine).
/// </summary>
public sealed class MetadataReplica : IAsyncDisposable
{
    private readonly RaftCluster _cluster;
    private readonly WriteAheadLog _log;
    private bool _started;

    public MetadataReplica(
        ServerStore store, IPEndPoint localEndPoint, IReadOnlyCollection<IPEndPoint> members, string dataDirectory, int lowerElectionTimeoutMs, int upperElectionTimeoutMs)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(localEndPoint);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        if (!members.Contains(localEndPoint))
        {
            throw new ArgumentException($"The member list of the metadata group does not hold this replica's endpoint {localEndPoint}.", nameof(members));
        }

        LocalEndPoint = localEndPoint;
        _log = new WriteAheadLog(
            new WriteAheadLog.Options { Location = Path.Combine(dataDirectory, "raft", "metadata") },
            new MetadataStateMachine(store));
        _cluster = StaticRaftGroup.Create(localEndPoint, members, _log, new RaftReplicaSettings(lowerElectionTimeoutMs, upperElectionTimeoutMs), loggerFactory: null);
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Whether this replica leads the metadata group now (it may lose the lead at any moment).</summary>
    public bool IsLeader => _started && !_cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The Raft endpoint of the group's leader as this replica knows it, or null during an election.</summary>
    public EndPoint? LeaderEndPoint => _started ? _cluster.Leader?.EndPoint : null;

    /// <summary>The last log index applied into this node's store.</summary>
    public long AppliedIndex => _log.LastAppliedIndex;

    /// <summary>
    /// Why this replica cannot be relied on for current server state, or null when it can: it runs, knows the group's
    /// leader and applied every entry it knows to be committed (a node cut off from the leader, or catching up, is not).
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

        long committed = _log.LastCommittedEntryIndex;
        long applied = _log.LastAppliedIndex;
        return applied < committed ? $"applied {applied} of {committed} committed log entries" : null;
    }

    /// <summary>Opens the write-ahead log (replaying what the store had not applied) and joins the group.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _log.InitializeAsync(cancellationToken).ConfigureAwait(false);
        await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
    }

    /// <summary>
    /// Appends <paramref name="command"/> as the leader and completes once it is committed and applied here, with its
    /// outcome. <see cref="ChirpErrorCode.NotLeader"/> when this replica does not lead (nothing appended),
    /// <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when the lead was lost once the append was under way.
    /// </summary>
    public async Task<MetadataOutcome> ReplicateAsync(MetadataCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var lead = _cluster.LeadershipToken;
        if (!_started || lead.IsCancellationRequested)
        {
            throw NotLeader();
        }

        var outcome = new MetadataOutcome();
        using var both = CancellationTokenSource.CreateLinkedTokenSource(lead, cancellationToken);
        try
        {
            await _cluster.ReplicateAsync(command.Encode(), outcome, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is NotLeaderException or OperationCanceledException or InvalidOperationException && ex is not ObjectDisposedException)
        {
            throw new ChirpException(
                ChirpErrorCode.WriteOutcomeUnknown,
                $"This node lost the lead of the metadata group while replicating a command; it may or may not have been committed ({ex.GetType().Name}: {ex.Message}).");
        }

        // Followers learn of the commit from the next round; without this one they would wait for a heartbeat (half the
        // lower election timeout) before a revocation takes effect there. Not awaited: the caller has its answer.
        _ = StaticRaftGroup.ForceReplicationAsync(_cluster, lead);
        return outcome.Index > 0
            ? outcome
            : throw new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, "The metadata command was committed but its outcome did not reach this node.");
    }

    /// <summary>Waits until this replica applied the log up to <paramref name="index"/> (read your own writes on this node).</summary>
    public async Task WaitForAppliedAsync(long index, CancellationToken cancellationToken) =>
        await _log.WaitForApplyAsync(index, cancellationToken).ConfigureAwait(false);

    /// <summary>Leaves the group, then closes the write-ahead log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _started = false;
            await _cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        await _cluster.DisposeAsync().ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
    }

    private ChirpException NotLeader()
    {
        string leader = LeaderEndPoint is { } endPoint ? $"; the leader is {endPoint}" : "; no leader is known yet";
        return new ChirpException(ChirpErrorCode.NotLeader, $"This node does not lead the metadata group{leader}.");
    }
}
