namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>Forwarded writes run on this node's engine; before it opens or after it closed they are refused (NotLeader, retried).</summary>
public sealed class EngineNodeRequests(EngineHost host) : INodeRequestHandler
{
    public Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        if (!host.IsOpen)
        {
            throw new ObjectDisposedException(nameof(EngineHost), "The engine is not open.");
        }

        return host.Engine.ExecuteForwardedAsync(shardId, request, cancellationToken);
    }
}
