using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Cluster.NodeProtocol;
using Chirp.Server.Limits;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// A cluster node's side of the metadata group, the small Raft group (one more DotNext <c>RaftCluster</c> per node, on
/// <c>RaftBasePort + ShardCount</c>) that holds the server state every node shares: OAuth apps, authorization codes,
/// revoked tokens, the token signing key and the cluster identity record. Writes go to the group's leader (over the
/// node protocol when another node leads) and complete once this node applied them; reads are this node's store.
/// Starting checks that the node belongs: its data's cluster id and its settings must match the group's record, or the
/// start fails with <see cref="ClusterIdentityException"/>. A single node starts nothing.
/// </summary>
public sealed class ClusterMetadata : IHostedService, IAsyncDisposable
{
    /// <summary>How long a command waits for the group to have a reachable leader before it is refused (503, retry).</summary>
    public static readonly TimeSpan LeaderPatience = TimeSpan.FromSeconds(5);

    /// <summary>How long an identity question to a peer may take at start (peers that are down are skipped).</summary>
    private static readonly TimeSpan PeerQuestionTimeout = TimeSpan.FromSeconds(2);

    private readonly ClusterOptions _cluster;
    private readonly int _shardCount;
    private readonly string _dataPath;
    private readonly ServerStore _store;
    private readonly IReadOnlyList<string> _settings;
    private readonly Func<byte[]> _keyToPropose;
    private readonly byte[]? _configuredKey;
    private readonly ILogger _logger;
    private readonly Dictionary<EndPoint, EndPoint> _nodeOfMetadataEndPoint = [];
    private MetadataReplica? _replica;
    private NodeClient? _client;
    private byte[]? _signingKey;

    /// <param name="cluster">The cluster settings (a single node when it has no nodes).</param>
    /// <param name="shardCount">The node's shard count.</param>
    /// <param name="dataPath">The node's data directory; the group's log goes to <c>raft/metadata</c> under it.</param>
    /// <param name="store">This node's server store, into which the group's commands are applied.</param>
    /// <param name="settings">The settings that must match the cluster's record (<see cref="ClusterSettings"/>).</param>
    /// <param name="configuredKey">
    /// <c>Chirp:SigningKey</c> if set: proposed as the cluster's key, and a node whose setting differs from the key the
    /// cluster has refuses to start.
    /// </param>
    /// <param name="keyToPropose">The key this node proposes when none is configured and the cluster has none yet.</param>
    /// <param name="logger">Where the start and refusals are told.</param>
    public ClusterMetadata(
        ClusterOptions cluster, int shardCount, string dataPath, ServerStore store, IReadOnlyList<string> settings, byte[]? configuredKey, Func<byte[]> keyToPropose, ILogger logger)
    {
        _cluster = cluster;
        _shardCount = shardCount;
        _dataPath = dataPath;
        _store = store;
        _settings = settings;
        _configuredKey = configuredKey;
        _keyToPropose = keyToPropose;
        _logger = logger;
        foreach (var node in cluster.Nodes)
        {
            _nodeOfMetadataEndPoint[ClusterOptions.MetadataRaftEndPoint(node, shardCount)] = ClusterOptions.NodeEndPoint(node);
        }
    }

    /// <summary>The server's metadata group from its settings (the service registered in <see cref="ServerApp"/>).</summary>
    public static ClusterMetadata Create(IServiceProvider services)
    {
        var server = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var cluster = services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var limits = services.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        // Parsed only for a cluster node: a single server reads its key through TokenIssuer's own checks.
        byte[]? configured = !cluster.IsCluster || string.IsNullOrEmpty(server.SigningKey) ? null : SigningKeyFile.Parse(server.SigningKey);
        string keyFile = Path.Combine(server.DataPath, "server", "token-signing.key");

        // A single server turned into a cluster node offers the key its tokens were signed with.
        Func<byte[]> propose = () => File.Exists(keyFile) ? SigningKeyFile.LoadOrCreate(keyFile) : RandomNumberGenerator.GetBytes(SigningKeyFile.KeyBytes);
        return new ClusterMetadata(
            cluster, server.ShardCount, server.DataPath, services.GetRequiredService<ServerStore>(), ClusterSettings.Of(cluster, server.ShardCount, limits),
            configured, propose, services.GetRequiredService<ILogger<ClusterMetadata>>());
    }

    /// <summary>This node's replica of the group (null on a single node and before the start).</summary>
    public MetadataReplica? Replica => _replica;

    /// <summary>The cluster's identity record, once the start checked it.</summary>
    public ClusterIdentity? Identity { get; private set; }

    /// <summary>The key every node signs and checks access tokens with; known once the start completed.</summary>
    public byte[] SigningKey => _signingKey ?? throw new InvalidOperationException("The cluster's token signing key is not known before the metadata group started.");

    /// <summary>
    /// Joins the group and checks that this node belongs: asks the peers which cluster their data holds (over the node
    /// protocol, before joining Raft, so that a node with another cluster's log never takes part in an election), then
    /// proposes an identity record and a signing key (the first proposal wins) and compares what the group answers with
    /// this node's data and settings. Waits as long as it takes for the group to have a leader (a majority of nodes up),
    /// checking the peers again while it waits.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_cluster.IsCluster)
        {
            return;
        }

        var local = _cluster.LocalNode;
        var before = StoredIdentity();
        _client = new NodeClient(_ => null, TimeSpan.FromSeconds(10));
        var members = _cluster.Nodes.Select(node => ClusterOptions.MetadataRaftEndPoint(node, _shardCount)).ToList();
        var replica = new MetadataReplica(
            _store, ClusterOptions.MetadataRaftEndPoint(local, _shardCount), members, _dataPath, _cluster.LowerElectionTimeoutMs, _cluster.UpperElectionTimeoutMs);
        _replica = replica;
        try
        {
            // Before joining Raft: a node that does not belong must not take part in the group's elections.
            await CheckPeersAsync(before, cancellationToken).ConfigureAwait(false);
            await replica.StartAsync(cancellationToken).ConfigureAwait(false);
            Identity = await AgreeOnIdentityAsync(before, cancellationToken).ConfigureAwait(false);
            _signingKey = await AgreeOnSigningKeyAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ClusterIdentityException refused)
        {
            _logger.LogCritical("Refusing to start: {Reason}", refused.Message);
            await StopReplicaAsync().ConfigureAwait(false);
            throw;
        }
        catch
        {
            await StopReplicaAsync().ConfigureAwait(false);
            throw;
        }

        _logger.LogInformation(
            "Metadata group joined on {EndPoint}: cluster {ClusterId}, log applied to {Index}",
            replica.LocalEndPoint, Identity.ClusterId, replica.AppliedIndex);
    }

    /// <summary>
    /// Runs <paramref name="command"/> through the group: replicated here when this node leads, else forwarded to the
    /// leader (again, for up to <see cref="LeaderPatience"/>, while there is none or it just lost the lead); completes
    /// once this node's replica applied it. <see cref="ChirpErrorCode.NotLeader"/> when no leader took it (nothing was
    /// applied), <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> when one took it and the answer was lost.
    /// </summary>
    public async Task<MetadataOutcome> ExecuteAsync(MetadataCommand command, CancellationToken cancellationToken)
    {
        var outcome = await SendToLeaderAsync(command, LeaderPatience, cancellationToken).ConfigureAwait(false);
        await WaitForLocalApplyAsync(outcome.Index, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>A command another node forwarded: replicated if this node leads (its outcome's bytes), else NotLeader.</summary>
    public async Task<byte[]> ExecuteForwardedAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var replica = _replica ?? throw new ChirpException(ChirpErrorCode.NotLeader, "This node's metadata group has not started.");
        var outcome = await replica.ReplicateAsync(MetadataCommand.Decode(request), cancellationToken).ConfigureAwait(false);
        return outcome.Encode();
    }

    /// <summary>The identity record this node's store holds (JSON), or empty: the answer to a peer's identity question.</summary>
    public byte[] LocalIdentityBytes() => _store.GetRaw(_store.Meta, MetadataStateMachine.IdentityKey) ?? [];

    private ClusterIdentity? StoredIdentity() =>
        LocalIdentityBytes() is { Length: > 0 } stored ? JsonSerializer.Deserialize<ClusterIdentity>(stored) : null;

    private async Task<MetadataOutcome> SendToLeaderAsync(MetadataCommand command, TimeSpan patience, CancellationToken cancellationToken)
    {
        var replica = _replica ?? throw new ChirpException(ChirpErrorCode.NotLeader, "This node's metadata group has not started.");
        var client = _client ?? throw new ChirpException(ChirpErrorCode.NotLeader, "This node's metadata group has stopped.");
        var waited = Stopwatch.StartNew();
        string why = "no leader is known (an election is under way, or no majority is reachable)";
        while (true)
        {
            try
            {
                if (replica.IsLeader)
                {
                    return await replica.ReplicateAsync(command, cancellationToken).ConfigureAwait(false);
                }

                if (replica.LeaderEndPoint is { } leader && _nodeOfMetadataEndPoint.GetValueOrDefault(leader) is { } node)
                {
                    byte[] answer = await client.SendAsync(node, NodeRequestKind.MetadataCommand, command.Encode(), cancellationToken).ConfigureAwait(false);
                    return MetadataOutcome.Decode(answer);
                }
            }
            catch (ChirpException refused) when (refused.ErrorCode == ChirpErrorCode.NotLeader)
            {
                // Nothing was appended anywhere: safe to send again once a leader is known.
                why = refused.Message;
            }

            if (waited.Elapsed >= patience)
            {
                throw new ChirpException(ChirpErrorCode.NotLeader, $"The metadata group took no command for {patience.TotalSeconds:0.#} s: {why}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForLocalApplyAsync(long index, CancellationToken cancellationToken)
    {
        var replica = _replica ?? throw new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, "This node's metadata group stopped before it applied the command.");
        // Committed already: this node applies it within moments (the leader pushes the commit index at once). A replica
        // that cannot catch up is reported rather than holding the request forever.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await replica.WaitForAppliedAsync(index, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Metadata entry {Index} is committed but this node has not applied it after 10 s (applied: {Applied})", index, replica.AppliedIndex);
        }
    }

    private async Task<ClusterIdentity> AgreeOnIdentityAsync(ClusterIdentity? before, CancellationToken cancellationToken)
    {
        var proposal = MetadataCommand.ProposeIdentity(new ClusterIdentity(Guid.NewGuid().ToString("D"), _settings));
        var outcome = await UntilTakenAsync(proposal, before, cancellationToken).ConfigureAwait(false);
        var cluster = JsonSerializer.Deserialize<ClusterIdentity>(outcome.Result!)
            ?? throw new InvalidDataException("The metadata group answered an empty identity record.");
        Check(before, cluster);

        // Only now: a node with another cluster's data might never apply this index.
        await WaitForLocalApplyAsync(outcome.Index, cancellationToken).ConfigureAwait(false);
        return cluster;
    }

    private async Task<byte[]> AgreeOnSigningKeyAsync(CancellationToken cancellationToken)
    {
        var outcome = await UntilTakenAsync(MetadataCommand.ProposeSigningKey(_configuredKey ?? _keyToPropose()), StoredIdentity(), cancellationToken).ConfigureAwait(false);
        byte[] key = Convert.FromBase64String(JsonSerializer.Deserialize<string>(outcome.Result!)!);
        await WaitForLocalApplyAsync(outcome.Index, cancellationToken).ConfigureAwait(false);
        if (_configuredKey is not null && !CryptographicOperations.FixedTimeEquals(key, _configuredKey))
        {
            throw new ClusterIdentityException(
                "Chirp:SigningKey differs from the token signing key the cluster holds (set by the first node that started). Remove the setting (the cluster's key is used) or give every node the same one.");
        }

        return key;
    }

    /// <summary>Sends a start-up proposal until the group takes it, asking the peers about their identity between tries.</summary>
    private async Task<MetadataOutcome> UntilTakenAsync(MetadataCommand proposal, ClusterIdentity? before, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await SendToLeaderAsync(proposal, TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            }
            catch (ChirpException unavailable) when (unavailable.ErrorCode is ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown)
            {
                // Proposals are idempotent (the first one wins), so one with an unknown outcome is simply sent again.
                _logger.LogWarning("Waiting for the metadata group ({Seconds:0} s so far): {Reason}", waited.Elapsed.TotalSeconds, unavailable.Message);
                await CheckPeersAsync(before, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks every other node which cluster its data holds; refuses when one holds a record this node does not match.</summary>
    private async Task CheckPeersAsync(ClusterIdentity? before, CancellationToken cancellationToken)
    {
        var peers = _cluster.Nodes.Where(node => node.Id != _cluster.NodeId).Select(ClusterOptions.NodeEndPoint).ToList();
        var answers = await Task.WhenAll(peers.Select(peer => AskIdentityAsync(peer, cancellationToken))).ConfigureAwait(false);
        foreach (var record in answers.OfType<ClusterIdentity>())
        {
            Check(before, record);
        }
    }

    private async Task<ClusterIdentity?> AskIdentityAsync(EndPoint peer, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(PeerQuestionTimeout);
        try
        {
            var client = _client ?? throw new ChirpException(ChirpErrorCode.NotLeader, "This node's metadata group has stopped.");
            byte[] answer = await client.SendAsync(peer, NodeRequestKind.Identity, ReadOnlyMemory<byte>.Empty, bounded.Token).ConfigureAwait(false);
            return answer.Length == 0 ? null : JsonSerializer.Deserialize<ClusterIdentity>(answer);
        }
        catch (Exception unanswered) when (unanswered is ChirpException or OperationCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            // A peer that is down or still starting says nothing; the group's own record is checked once it answers.
            return null;
        }
    }

    private void Check(ClusterIdentity? before, ClusterIdentity cluster)
    {
        if (before is not null && before.ClusterId != cluster.ClusterId)
        {
            throw new ClusterIdentityException(
                $"This node's data ({_dataPath}) belongs to cluster {before.ClusterId}, but its peers are cluster {cluster.ClusterId}. " +
                "Start it with an empty data directory to join this cluster, or with the node list of its own cluster.");
        }

        if (cluster.DifferencesFrom(_settings) is { Count: > 0 } differences)
        {
            throw new ClusterIdentityException(
                $"This node's settings differ from those recorded by cluster {cluster.ClusterId}: {string.Join("; ", differences)}. Every node must use the same settings.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => StopReplicaAsync().AsTask();

    private async ValueTask StopReplicaAsync()
    {
        if (Interlocked.Exchange(ref _replica, null) is { } replica)
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => StopReplicaAsync();
}
