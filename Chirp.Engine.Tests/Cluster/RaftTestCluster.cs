using System.Diagnostics;
using System.Net;
using Chirp.Server.Cluster;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Cluster.NodeProtocol;
using Microsoft.AspNetCore.Builder;

namespace Chirp.Engine.Tests.Cluster;

/// <summary>
/// Three cluster nodes of a one-shard Chirp in one process: each an engine on its own temporary directory whose
/// replicated log is its own <see cref="RaftShardReplica"/> on a free loopback port. Disposing stops the replicas,
/// closes the engines and deletes the directories.
/// </summary>
internal sealed class RaftTestCluster : IAsyncDisposable
{
    private readonly List<string> _directories = [];
    private readonly IPEndPoint[] _members;
    private readonly IPEndPoint[] _nodeEndPoints;
    private readonly List<WebApplication> _nodeServers = [];
    private readonly NodeClient _forwarder;
    private RaftTestCluster(RaftReplicaSettings settings)
    {
        Settings = settings;
        _members = [.. Enumerable.Range(0, 3).Select(_ => new IPEndPoint(IPAddress.Loopback, ServerProcess.FreePort()))];
        _nodeEndPoints = [.. Enumerable.Range(0, 3).Select(_ => new IPEndPoint(IPAddress.Loopback, ServerProcess.FreePort()))];
        _forwarder = new NodeClient(NodeOf, TimeSpan.FromSeconds(10));
    }

    /// <summary>The replicas' Raft settings.</summary>
    public RaftReplicaSettings Settings { get; }

    public List<ChirpEngine> Engines { get; } = [];

    /// <summary>The data directory of node <paramref name="node"/> (its engine and its Raft logs and snapshots).</summary>
    public string DirectoryOf(int node) => _directories[node];

    public List<RaftShardReplica> Replicas { get; } = [];

    /// <summary>
    /// Opens three nodes and starts their replicas; election timeouts are shorter than the 1–2 s default to keep tests
    /// quick, and snapshots are taken every <paramref name="snapshotEveryEntries"/> entries.
    /// </summary>
    public static async Task<RaftTestCluster> StartAsync(int lowerElectionTimeoutMs = 300, int upperElectionTimeoutMs = 600, long snapshotEveryEntries = 100_000)
    {
        var cluster = new RaftTestCluster(new RaftReplicaSettings(lowerElectionTimeoutMs, upperElectionTimeoutMs, RequestTimeoutMs: 5000, snapshotEveryEntries));
        try
        {
            for (int node = 0; node < cluster._members.Length; node++)
            {
                cluster._directories.Add(Path.Combine(Path.GetTempPath(), "chirp-raft-test-" + Guid.NewGuid().ToString("N")));
                cluster.Engines.Add(null!);
                cluster.Replicas.Add(null!);
                cluster.Open(node);
            }

            await cluster.StartNodeServersAsync();
            await Task.WhenAll(cluster.Replicas.Select(replica => replica.StartAsync(CancellationToken.None)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Stops node <paramref name="node"/> (replica, then engine), runs <paramref name="whileDown"/>, then reopens its engine
    /// and starts a new replica on the same directory and endpoint.
    /// </summary>
    public async Task RestartAsync(int node, Func<Task> whileDown)
    {
        await Replicas[node].DisposeAsync();
        Engines[node].Dispose();
        await whileDown();
        Open(node);
        await Replicas[node].StartAsync(CancellationToken.None);
    }

    private void Open(int node)
    {
        var replication = new RaftShardReplication(_forwarder);
        var engine = ChirpEngine.Open(ChirpEngineOptions.ForPath(Path.Combine(_directories[node], "engine")) with
        {
            ShardCount = 1,
            Replication = replication,
            // No background writes: every entry in the log is one the test made.
            HoldBackgroundWrites = true,
        });
        Engines[node] = engine;
        var replica = new RaftShardReplica(engine, 0, _members[node], _members, _directories[node], Settings);
        replication.Add(replica);
        Replicas[node] = replica;
    }

    /// <summary>
    /// The index of the node whose replica leads, once exactly one does and every replica has named it leader for
    /// <paramref name="stableFor"/> (default 500 ms): right after the first election a second one can still follow on a
    /// loaded 2-core machine, and a test that wrote to a leader of a moment ago would fail for the wrong reason.
    /// </summary>
    public async Task<int> WaitForLeaderAsync(TimeSpan timeout, TimeSpan? stableFor = null)
    {
        var needed = stableFor ?? TimeSpan.FromMilliseconds(500);
        var clock = Stopwatch.StartNew();
        int candidate = -1;
        var since = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            // A leader that has not caught up with the log yet does not take writes: wait for it to be ready.
            int[] leaders = [.. Enumerable.Range(0, Replicas.Count).Where(node => Replicas[node].TryGetLead(out _))];
            int leader = leaders.Length == 1 && Replicas.All(replica => Equals(replica.LeaderEndPoint, Replicas[leaders[0]].LocalEndPoint))
                ? leaders[0]
                : -1;
            if (leader != candidate)
            {
                candidate = leader;
                since = clock.Elapsed;
            }
            else if (leader >= 0 && clock.Elapsed - since >= needed)
            {
                return leader;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No single, agreed leader for {needed} within {timeout}.");
    }

    /// <summary>The node whose replica may take writes now (leads and caught up), or -1 during an election.</summary>
    public int ReadyLeader() => Enumerable.Range(0, Replicas.Count).FirstOrDefault(node => Replicas[node] is { } replica && replica.TryGetLead(out _), -1);

    /// <summary>
    /// Creates a tweet as a cluster client would: on whichever node leads now, retried with the same request id when the
    /// lead moves (an election can come at any time on a loaded machine), so it is applied once.
    /// </summary>
    public async Task<Tweet> CreateTweetAsync(long authorId, string text, TimeSpan? timeout = null)
    {
        var requestId = Guid.NewGuid();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int node = ReadyLeader();
            if (node >= 0)
            {
                try
                {
                    return await Engines[node].CreateTweetAsync(authorId, text, requestId: requestId);
                }
                catch (Exception ex) when (ex is ChirpException { ErrorCode: ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown } or ObjectDisposedException)
                {
                    if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(20)))
                    {
                        throw;
                    }
                }
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Waits until every node's engine applied the shard's log up to <paramref name="index"/>.</summary>
    public async Task WaitForAppliedAsync(long index, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Engines.Any(engine => engine.GetAppliedLogIndex(0) < index))
        {
            if (clock.Elapsed > timeout)
            {
                string applied = string.Join(", ", Engines.Select(engine => engine.GetAppliedLogIndex(0)));
                throw new TimeoutException($"Not every replica applied index {index} within {timeout} (applied: {applied}).");
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _forwarder.DisposeAsync();
        foreach (var server in _nodeServers)
        {
            await server.StopAsync();
            await server.DisposeAsync();
        }

        foreach (var replica in Replicas.Where(replica => replica is not null))
        {
            await replica.DisposeAsync();
        }

        foreach (var engine in Engines.Where(engine => engine is not null))
        {
            engine.Dispose();
        }

        foreach (string directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The node protocol endpoint of the node a replica's Raft endpoint belongs to.</summary>
    private EndPoint? NodeOf(EndPoint raftEndPoint)
    {
        int node = Array.FindIndex(_members, member => member.Equals(raftEndPoint));
        return node < 0 ? null : _nodeEndPoints[node];
    }

    /// <summary>Each node's node protocol server: the server's own listener, executing on that node's current engine.</summary>
    private async Task StartNodeServersAsync()
    {
        for (int node = 0; node < _members.Length; node++)
        {
            int self = node;
            var server = NodeProtocolServer.Listener(_nodeEndPoints[self], new EngineNodeRequests(() => Engines[self]));
            await server.StartAsync();
            _nodeServers.Add(server);
        }
    }
}
