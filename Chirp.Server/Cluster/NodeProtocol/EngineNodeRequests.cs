using Chirp.Engine;
using Chirp.Server.Cluster.Metadata;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// Forwarded writes run on this node's engine, metadata commands on its metadata group; while either is not there (not
/// open or started yet, closed) its requests are refused (NotLeader, so the sender retries).
/// </summary>
/// <param name="engine">This node's engine now, or null while it is not open.</param>
/// <param name="metadata">This node's metadata group, or null (a node without one, such as the engine-only tests).</param>
public sealed class EngineNodeRequests(Func<ChirpEngine?> engine, Func<ClusterMetadata?>? metadata = null) : INodeRequestHandler
{
    public Task<byte[]> ExecuteForwardedAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        engine() is { } open
            ? open.ExecuteForwardedAsync(shardId, request, cancellationToken)
            : throw new ObjectDisposedException(nameof(ChirpEngine), "The engine is not open.");

    public Task<byte[]> ExecuteMetadataAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
        metadata?.Invoke() is { } group
            ? group.ExecuteForwardedAsync(request, cancellationToken)
            : throw new ObjectDisposedException(nameof(ClusterMetadata), "This node runs no metadata group.");

    public byte[] LocalIdentity() => metadata?.Invoke()?.LocalIdentityBytes() ?? [];
}
