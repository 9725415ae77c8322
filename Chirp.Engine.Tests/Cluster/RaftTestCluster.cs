using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chirp.Server.Cluster;

namespace Chirp.Engine.Tests.Cluster;

/// <summary>
/// Three cluster nodes of a one-shard Chirp in one process: each an engine on its own temporary directory whose
/// replicated log is its own <see cref="RaftShardReplica"/> on a free loopback port. Disposing stops the replicas,
/// closes the engines and deletes the directories.
/// </summary>
internal sealed class RaftTestCluster : IAsyncDisposable
{
    private readonly List<string> _directories = [];

    private RaftTestCluster()
    {
    }

    public List<ChirpEngine> Engines { get; } = [];

    public List<RaftShardReplica> Replicas { get; } = [];

    /// <summary>Opens three nodes and starts their replicas; election timeouts are shorter than the 1–2 s default to keep tests quick.</summary>
    public static async Task<RaftTestCluster> StartAsync(int lowerElectionTimeoutMs = 300, int upperElectionTimeoutMs = 600)
    {
        var cluster = new RaftTestCluster();
        try
        {
            IPEndPoint[] members = [.. Enumerable.Range(0, 3).Select(_ => FreeLoopbackEndPoint())];
            foreach (var member in members)
            {
                string directory = Path.Combine(Path.GetTempPath(), "chirp-raft-test-" + Guid.NewGuid().ToString("N"));
                cluster._directories.Add(directory);
                var replication = new RaftShardReplication();
                var engine = ChirpEngine.Open(ChirpEngineOptions.ForPath(Path.Combine(directory, "engine")) with
                {
                    ShardCount = 1,
                    Replication = replication,
                    // No background writes: every entry in the log is one the test made.
                    HoldBackgroundWrites = true,
                });
                cluster.Engines.Add(engine);
                var replica = new RaftShardReplica(engine, 0, member, members, directory, lowerElectionTimeoutMs, upperElectionTimeoutMs);
                replication.Add(replica);
                cluster.Replicas.Add(replica);
            }

            await Task.WhenAll(cluster.Replicas.Select(replica => replica.StartAsync(CancellationToken.None)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The index of the node whose replica leads, once exactly one does.</summary>
    public async Task<int> WaitForLeaderAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            int[] leaders = [.. Enumerable.Range(0, Replicas.Count).Where(node => Replicas[node].IsLeader)];
            if (leaders.Length == 1)
            {
                return leaders[0];
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"No single leader within {timeout}.");
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
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        foreach (var engine in Engines)
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

    private static IPEndPoint FreeLoopbackEndPoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return (IPEndPoint)listener.LocalEndpoint;
    }
}
