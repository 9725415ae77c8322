namespace Chirp.Server.Cluster;

/// <summary>
/// One node of the cluster as every node must see it (the same list is given to all of them): its id, where its Raft
/// groups listen, and where clients reach its API.
/// </summary>
public sealed class ClusterNodeOptions
{
    /// <summary>The node's name, unique in the cluster; <see cref="ClusterOptions.NodeId"/> picks this node's own entry.</summary>
    public string Id { get; set; } = "";

    /// <summary>The IP address (not a host name: DotNext's TCP transport binds and connects to IP endpoints) of its Raft listeners.</summary>
    public string RaftHost { get; set; } = "127.0.0.1";

    /// <summary>Shard <c>s</c> of this node runs its Raft group on <c>RaftBasePort + s</c>: one listener per shard replica.</summary>
    public int RaftBasePort { get; set; }

    /// <summary>
    /// The node protocol's port on <see cref="RaftHost"/>: other nodes forward writes here when this node leads their
    /// shard (MessagePack frames over TCP, docs/cluster.md).
    /// </summary>
    public int NodePort { get; set; }

    /// <summary>The node's public API address, for people and clients.</summary>
    public string ApiUrl { get; set; } = "";
}
