using System.Net;

namespace Chirp.Server.Cluster;

/// <summary>
/// The <c>Chirp:Cluster</c> section: which node this process is and the static list of every node. Without nodes the
/// server runs alone, as it always has; with them every node holds a replica of every shard (replication factor = node
/// count), one Raft group per shard. Checked at start by <see cref="ClusterOptionsValidation"/>.
/// </summary>
public sealed class ClusterOptions
{
    public const string Section = "Chirp:Cluster";

    /// <summary>This node's <see cref="ClusterNodeOptions.Id"/>; required once <see cref="Nodes"/> is set.</summary>
    public string? NodeId { get; set; }

    /// <summary>Every node of the cluster, this one included, the same list on each. Raft needs 3 to survive the loss of one.</summary>
    public List<ClusterNodeOptions> Nodes { get; set; } = [];

    /// <summary>The shortest Raft election timeout. 1000 ms by default: one group per shard on 2 cores elected spuriously with shorter ones.</summary>
    public int LowerElectionTimeoutMs { get; set; } = 1000;

    /// <summary>The longest Raft election timeout.</summary>
    public int UpperElectionTimeoutMs { get; set; } = 2000;

    /// <summary>
    /// How long one Raft request may take, 5000 ms by default. A snapshot travels as one request, so raise it for large
    /// shards: a shard of S MiB needs about S / (transfer MiB/s) seconds plus its install (docs/cluster.md).
    /// </summary>
    public int RequestTimeoutMs { get; set; } = 5000;

    /// <summary>Applied entries between two snapshots of a shard (100,000 by default); the published one lags the log's head by at least this many.</summary>
    public long SnapshotEveryEntries { get; set; } = 100_000;

    /// <summary>The Raft settings of this node's shard replicas.</summary>
    public RaftReplicaSettings ReplicaSettings => new(LowerElectionTimeoutMs, UpperElectionTimeoutMs, RequestTimeoutMs, SnapshotEveryEntries);

    /// <summary>Whether this server is a cluster node; false (no nodes) keeps the single-node server.</summary>
    public bool IsCluster => Nodes.Count > 0;

    /// <summary>This node's own entry (valid settings only).</summary>
    public ClusterNodeOptions LocalNode => Nodes.Single(node => node.Id == NodeId);

    /// <summary>Where <paramref name="node"/> listens for the node protocol.</summary>
    public static IPEndPoint NodeEndPoint(ClusterNodeOptions node) => new(IPAddress.Parse(node.RaftHost), node.NodePort);

    /// <summary>
    /// The node protocol endpoint of the node one of whose shard replicas has Raft endpoint <paramref name="raftEndPoint"/>,
    /// or null when no node of this list has it.
    /// </summary>
    public IPEndPoint? NodeOfRaftEndPoint(EndPoint raftEndPoint, int shardCount) =>
        raftEndPoint is IPEndPoint ip
            ? Nodes.Where(node => IPAddress.Parse(node.RaftHost).Equals(ip.Address) && ip.Port >= node.RaftBasePort && ip.Port < node.RaftBasePort + shardCount)
                .Select(NodeEndPoint).FirstOrDefault()
            : null;

    /// <summary>
    /// The Raft endpoint of <paramref name="node"/>'s replica of the metadata group: the port after its shards',
    /// <c>RaftBasePort + shardCount</c>. A node configured with another shard count than its peers looks for them on the
    /// wrong port; the identity check over the node protocol (which does not depend on the shard count) finds that.
    /// </summary>
    public static IPEndPoint MetadataRaftEndPoint(ClusterNodeOptions node, int shardCount) =>
        new(IPAddress.Parse(node.RaftHost), node.RaftBasePort + shardCount);

    /// <summary>The Raft endpoint of <paramref name="node"/>'s replica of shard <paramref name="shardId"/>.</summary>
    public static IPEndPoint RaftEndPoint(ClusterNodeOptions node, int shardId) =>
        new(IPAddress.Parse(node.RaftHost), node.RaftBasePort + shardId);
}
