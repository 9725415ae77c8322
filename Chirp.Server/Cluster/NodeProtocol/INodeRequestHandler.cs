namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// What a node does with a request another node sent it: its engine executes a forwarded write, its metadata group
/// replicates a forwarded metadata command (when it leads), and it tells the cluster identity its data holds.
/// </summary>
public interface INodeRequestHandler
{
    Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);

    /// <summary>Replicates a metadata command through this node's metadata replica, which must lead; the answer's bytes.</summary>
    Task<byte[]> ExecuteMetadataAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken);

    /// <summary>The cluster identity record this node's own data holds (JSON), or empty when it has none yet.</summary>
    byte[] LocalIdentity();
}
