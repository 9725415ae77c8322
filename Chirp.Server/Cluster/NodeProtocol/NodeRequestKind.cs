namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>What a node protocol request asks of the node that receives it.</summary>
public enum NodeRequestKind
{
    /// <summary>A write forwarded to the leader of its shard (the engine's own bytes).</summary>
    EngineWrite = 0,

    /// <summary>A metadata command forwarded to the leader of the metadata group.</summary>
    MetadataCommand = 1,

    /// <summary>Which cluster identity the node's own data holds; answered from its store, without Raft, even while it starts.</summary>
    Identity = 2,
}
