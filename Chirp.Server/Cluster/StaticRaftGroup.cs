using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.Membership;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster;

/// <summary>
/// What every Raft group of a node (each shard's, the metadata group) is made of: a DotNext TCP <see cref="RaftCluster"/>
/// with a static member list kept in memory, over its write-ahead log; and the extra replication round a leader starts
/// after each entry.
/// </summary>
internal static class StaticRaftGroup
{
    /// <summary>A group member on <paramref name="localEndPoint"/> whose members are <paramref name="members"/> (the same list on every node, so none needs a cold start).</summary>
    public static RaftCluster Create(IPEndPoint localEndPoint, IEnumerable<IPEndPoint> members, WriteAheadLog log, RaftReplicaSettings settings, ILoggerFactory? loggerFactory)
    {
        var configuration = new RaftCluster.TcpConfiguration(localEndPoint)
        {
            // Null (required to be said) means DotNext's in-memory storage, filled with the static list below.
            ConfigurationStorage = null,
            ColdStart = false,
            LowerElectionTimeout = settings.LowerElectionTimeoutMs,
            UpperElectionTimeout = settings.UpperElectionTimeoutMs,
            RequestTimeout = TimeSpan.FromMilliseconds(settings.RequestTimeoutMs),

            // Both default to the request timeout, sized for a snapshot; a stop and a connection attempt need not wait
            // that long (a graceful stop of a node with several groups took over 20 s with them at 5 s).
            GracefulShutdownTimeout = TimeSpan.FromMilliseconds(settings.LowerElectionTimeoutMs),
            ConnectTimeout = TimeSpan.FromMilliseconds(settings.LowerElectionTimeoutMs),
            LoggerFactory = loggerFactory,
        };

        // DotNext's InMemoryClusterConfigurationStorage is abstract; the configuration creates its concrete form for a
        // null storage.
        var storage = configuration.ConfigurationStorage as InMemoryClusterConfigurationStorage<EndPoint>
            ?? throw new InvalidOperationException("DotNext did not create its in-memory cluster configuration storage.");
        var builder = storage.CreateInitialConfigurationBuilder();
        foreach (var member in members)
        {
            builder.Add(member);
        }

        builder.Build();
        return new RaftCluster(configuration) { AuditTrail = log };
    }

    /// <summary>
    /// Starts one more replication round under <paramref name="lead"/>: followers learn that an entry committed from the
    /// next round, and without this one they would wait for a heartbeat (half the lower election timeout). Meant not
    /// to be awaited by the writer, whose caller has its answer; never throws.
    /// </summary>
    public static async Task ForceReplicationAsync(RaftCluster cluster, CancellationToken lead)
    {
        try
        {
            await cluster.ForceReplicationAsync(lead).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or ObjectDisposedException)
        {
            // The lead ended or the replica stops: the next leader's rounds carry the commit index.
        }
    }
}
