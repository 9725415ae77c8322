using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Auth;
using Chirp.Server.Cluster;
using Chirp.Server.Cluster.Metadata;
using Chirp.Server.Cluster.NodeProtocol;
using Chirp.Server.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chirp.Engine.Tests.Cluster.Metadata;

/// <summary>
/// Three cluster nodes' server state in one process: each a <see cref="ServerStore"/> on its own temporary directory, a
/// <see cref="ClusterMetadata"/> (the metadata Raft group's replica on a free loopback port) and a node protocol
/// listener, with the OAuth classes the server uses over them. Disposing stops everything and deletes the directories.
/// </summary>
internal sealed class MetadataTestCluster : IAsyncDisposable
{
    // One shard: the metadata group's port is RaftBasePort + 1, so each node's RaftBasePort is a free port minus one.
    private const int ShardCount = 1;
    private readonly List<string> _directories = [];
    private readonly List<WebApplication> _listeners = [];

    private MetadataTestCluster(int lowerElectionTimeoutMs, int upperElectionTimeoutMs)
    {
        Options = new ClusterOptions
        {
            LowerElectionTimeoutMs = lowerElectionTimeoutMs,
            UpperElectionTimeoutMs = upperElectionTimeoutMs,
            Nodes = [.. Enumerable.Range(0, 3).Select(node => new ClusterNodeOptions
            {
                Id = "node" + node,
                RaftHost = "127.0.0.1",
                RaftBasePort = ServerProcess.FreePort() - ShardCount,
                NodePort = ServerProcess.FreePort(),
                ApiUrl = "http://127.0.0.1:1",
            })],
        };
    }

    public ClusterOptions Options { get; }

    public List<Node> Nodes { get; } = [];

    /// <summary>Starts three nodes at once, as servers started together do; election timeouts as in the shard tests.</summary>
    public static async Task<MetadataTestCluster> StartAsync(int lowerElectionTimeoutMs = 300, int upperElectionTimeoutMs = 600)
    {
        var cluster = new MetadataTestCluster(lowerElectionTimeoutMs, upperElectionTimeoutMs);
        try
        {
            for (int node = 0; node < 3; node++)
            {
                int self = node;
                cluster._directories.Add(Path.Combine(Path.GetTempPath(), "chirp-metadata-test-" + Guid.NewGuid().ToString("N")));
                cluster.Nodes.Add(cluster.Open(node, new RateLimitOptions()));
                var listener = NodeProtocolServer.Listener(
                    ClusterOptions.NodeEndPoint(cluster.Options.Nodes[node]), new EngineNodeRequests(() => null, () => cluster.Nodes[self] is { IsRunning: true } running ? running.Metadata : null));
                await listener.StartAsync();
                cluster._listeners.Add(listener);
            }

            await Task.WhenAll(cluster.Nodes.Select(node => node.Metadata.StartAsync(CancellationToken.None)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Node <paramref name="node"/>'s data directory (its server store and Raft log).</summary>
    public string DataDirectory(int node) => _directories[node];

    /// <summary>Stops node <paramref name="node"/> (its group replica, then its store) and runs <paramref name="whileDown"/>.</summary>
    public async Task StopAsync(int node, Func<Task>? whileDown = null)
    {
        await Nodes[node].DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }
    }

    /// <summary>Starts node <paramref name="node"/> again on its directory, with these rate limits (the group checks they match).</summary>
    public async Task StartAgainAsync(int node, RateLimitOptions? rateLimits = null)
    {
        Nodes[node] = Open(node, rateLimits ?? new RateLimitOptions());
        try
        {
            await Nodes[node].Metadata.StartAsync(CancellationToken.None);
        }
        catch
        {
            // Refused: closed again, as a server process that refuses to start exits.
            await Nodes[node].DisposeAsync();
            throw;
        }
    }

    private Node Open(int node, RateLimitOptions rateLimits)
    {
        var options = new ClusterOptions
        {
            NodeId = Options.Nodes[node].Id,
            Nodes = Options.Nodes,
            LowerElectionTimeoutMs = Options.LowerElectionTimeoutMs,
            UpperElectionTimeoutMs = Options.UpperElectionTimeoutMs,
        };
        var store = ServerStore.Open(Path.Combine(_directories[node], "server"));
        var metadata = new ClusterMetadata(
            options, ShardCount, _directories[node], store, ClusterSettings.Of(options, ShardCount, rateLimits),
            configuredKey: null, () => RandomNumberGenerator.GetBytes(SigningKeyFile.KeyBytes), NullLogger.Instance);
        return new Node(store, metadata);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, or fails after <paramref name="timeout"/>; returns how long it took.</summary>
    public static async Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{what} did not happen within {timeout.TotalSeconds:0.#} s.");
            }

            await Task.Delay(5);
        }

        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        foreach (var listener in _listeners)
        {
            await listener.StopAsync();
            await listener.DisposeAsync();
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

    /// <summary>One node: its store, its metadata group replica, and the server's OAuth classes over them.</summary>
    internal sealed class Node : IAsyncDisposable
    {
        private bool _disposed;

        public Node(ServerStore store, ClusterMetadata metadata)
        {
            Store = store;
            Metadata = metadata;
            var writes = new ReplicatedServerStateWrites(metadata);
            Apps = new AppRegistry(store, writes, TimeProvider.System);
            Codes = new AuthorizationCodes(writes, TimeProvider.System);
            Revoked = new RevokedTokens(store, writes, TimeProvider.System);
        }

        public ServerStore Store { get; }

        public ClusterMetadata Metadata { get; }

        public AppRegistry Apps { get; }

        public AuthorizationCodes Codes { get; }

        public RevokedTokens Revoked { get; }

        public bool IsLeader => Metadata.Replica?.IsLeader == true;

        /// <summary>False once stopped: its store is closed, so its listener answers nothing for it.</summary>
        public bool IsRunning => !_disposed;

        public EndPoint? Leader => Metadata.Replica?.LeaderEndPoint;

        public async ValueTask DisposeAsync()
        {
            if (!_disposed)
            {
                _disposed = true;
                await Metadata.DisposeAsync();
                Store.Dispose();
            }
        }
    }
}
