namespace Chirp.Server.Cluster;

/// <summary>
/// What <see cref="LocalCluster"/> starts: <paramref name="NodeCount"/> nodes of <paramref name="ShardCount"/> shards,
/// node i's API on <paramref name="BasePort"/> + i - 1 (its Raft and node protocol ports after all the API ports),
/// each with its data directory under <paramref name="Root"/>.
/// </summary>
public sealed record LocalClusterSettings(int NodeCount, int ShardCount, int BasePort, string Root)
{
    /// <summary>
    /// False for a lone server without any cluster settings (one node only), the baseline a cluster is compared to;
    /// true (the default) for Raft-replicated nodes, even one.
    /// </summary>
    public bool Replicated { get; init; } = true;

    /// <summary>Further server arguments (<c>--Chirp:Name=value</c>) given to every node after its own, so they override them.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>
    /// Where each node's output goes, appended to <c>&lt;id&gt;.log</c> (kept over restarts and wiped data
    /// directories); null to share this process's console.
    /// </summary>
    public string? LogDirectory { get; init; }

    /// <summary>The highest port the cluster uses: the last node protocol port.</summary>
    /// <summary>Raft ports per node: one per shard, then the metadata group's (<c>RaftBasePort + ShardCount</c>).</summary>
    public int RaftPortsPerNode => ShardCount + 1;

    /// <summary>Per node: the API port, then its Raft ports, then its node protocol port; this is the last of them all.</summary>
    public int LastPort => BasePort + NodeCount + (NodeCount * RaftPortsPerNode) + NodeCount - 1;
}
