using System.Collections.Concurrent;
using System.Net;
using Chirp.Engine;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// The sending side of the node protocol: forwards a write to the node that leads its shard (and metadata commands and
/// identity questions to other nodes), over one kept-open
/// connection per node (opened on first use, replaced when it breaks).
/// </summary>
/// <param name="nodeOfRaftEndPoint">The node protocol endpoint of the node a shard replica's Raft endpoint belongs to, or null when unknown.</param>
/// <param name="answerTimeout">How long a forwarded write may take before its outcome is reported unknown.</param>
public sealed class NodeClient(Func<EndPoint, EndPoint?> nodeOfRaftEndPoint, TimeSpan answerTimeout) : IWriteForwarder, IAsyncDisposable
{
    private readonly ConcurrentDictionary<EndPoint, Lazy<Task<NodeConnection>>> _connections = new();

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>> ForwardAsync(EndPoint leaderRaftEndPoint, int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        var node = nodeOfRaftEndPoint(leaderRaftEndPoint)
            ?? throw new ChirpException(ChirpErrorCode.NotLeader, $"The leader of shard {shardId} ({leaderRaftEndPoint}) is not a known node; nothing was sent.");
        var connection = await ConnectionToAsync(node, cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(NodeRequestKind.EngineWrite, shardId, request, answerTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request of <paramref name="kind"/> to the node whose node protocol listens on <paramref name="node"/>
    /// and returns its answer; refusals and lost connections are <see cref="ChirpException"/>s as for forwarded writes.
    /// </summary>
    public async Task<byte[]> SendAsync(EndPoint node, NodeRequestKind kind, ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var connection = await ConnectionToAsync(node, cancellationToken).ConfigureAwait(false);
        return await connection.SendAsync(kind, 0, request, answerTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<NodeConnection> ConnectionToAsync(EndPoint node, CancellationToken cancellationToken)
    {
        var opening = _connections.GetOrAdd(node, endPoint => new Lazy<Task<NodeConnection>>(() => NodeConnection.OpenAsync(endPoint, CancellationToken.None)));
        NodeConnection connection;
        try
        {
            connection = await opening.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChirpException)
        {
            // Not reachable now: the next write tries to connect again.
            _connections.TryRemove(new KeyValuePair<EndPoint, Lazy<Task<NodeConnection>>>(node, opening));
            throw;
        }

        if (connection.IsBroken)
        {
            _connections.TryRemove(new KeyValuePair<EndPoint, Lazy<Task<NodeConnection>>>(node, opening));
            await connection.DisposeAsync().ConfigureAwait(false);
            return await ConnectionToAsync(node, cancellationToken).ConfigureAwait(false);
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var opening in _connections.Values)
        {
            if (opening.IsValueCreated && opening.Value.IsCompletedSuccessfully)
            {
                await opening.Value.Result.DisposeAsync().ConfigureAwait(false);
            }
        }

        _connections.Clear();
    }
}
