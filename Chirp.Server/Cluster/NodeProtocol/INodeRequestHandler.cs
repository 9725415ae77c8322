namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>What a node does with a write another node forwarded to it: its engine executes it (the answer's bytes).</summary>
public interface INodeRequestHandler
{
    Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
