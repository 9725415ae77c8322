using Chirp.Engine;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>Forwarded writes run on this node's engine; while there is none (not open yet, closed) they are refused (NotLeader, retried).</summary>
/// <param name="engine">This node's engine now, or null while it is not open.</param>
public sealed class EngineNodeRequests(Func<ChirpEngine?> engine) : INodeRequestHandler
{
    public Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        engine() is { } open
            ? open.ExecuteForwardedAsync(shardId, request, cancellationToken)
            : throw new ObjectDisposedException(nameof(ChirpEngine), "The engine is not open.");
}
