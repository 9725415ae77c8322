using Chirp.Engine;
using Microsoft.AspNetCore.Connections;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// The serving side of the node protocol, on Kestrel's node port: reads request frames, executes each as it arrives
/// (several at once, so one slow write does not hold up the others) and writes each answer when it is ready. A broken
/// frame closes the connection; the peer's requests in flight then have an unknown outcome, which their request ids
/// make safe to retry.
/// </summary>
public sealed class NodeConnectionHandler(INodeRequestHandler handler, IHostApplicationLifetime lifetime, ILogger<NodeConnectionHandler> logger) : ConnectionHandler
{
    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var closing = connection.ConnectionClosed;

        // A stopping listener takes no new request and ends the connection once the answers in flight are written:
        // peers hold their connections open, and the stop would otherwise wait for its whole timeout.
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(closing, lifetime.ApplicationStopping);
        var writeLock = new SemaphoreSlim(1, 1);
        var inFlight = new List<Task>();
        try
        {
            while (await NodeFrames.ReadAsync(connection.Transport.Input, reading.Token).ConfigureAwait(false) is { } request)
            {
                inFlight.RemoveAll(task => task.IsCompleted);
                inFlight.Add(AnswerAsync(connection, request, writeLock, closing));
            }
        }
        catch (InvalidDataException broken)
        {
            logger.LogWarning("Node connection {Connection} from {Remote} closed: {Reason}", connection.ConnectionId, connection.RemoteEndPoint, broken.Message);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or IOException)
        {
        }

        try
        {
            await Task.WhenAll(inFlight).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ConnectionResetException or IOException or InvalidOperationException)
        {
            // The connection went away before the answers could be written.
        }
    }

    private async Task AnswerAsync(ConnectionContext connection, NodeMessage request, SemaphoreSlim writeLock, CancellationToken closing)
    {
        NodeMessage answer;
        try
        {
            byte[] payload = request.Kind switch
            {
                NodeRequestKind.EngineWrite => await handler.ExecuteForwardedAsync(request.ShardId, request.Payload, closing).ConfigureAwait(false),
                NodeRequestKind.MetadataCommand => await handler.ExecuteMetadataAsync(request.Payload, closing).ConfigureAwait(false),
                NodeRequestKind.Identity => handler.LocalIdentity(),
                _ => throw new InvalidDataException($"Unknown node request kind {request.Kind}."),
            };
            answer = new NodeMessage { Id = request.Id, ShardId = request.ShardId, Kind = request.Kind, Payload = payload };
        }
        catch (ChirpException refused)
        {
            // A metadata command on a node that lost the lead, say: the sender gets the typed refusal and may retry.
            answer = NodeFrames.Refusal(request, refused.ErrorCode, refused.Message);
        }
        catch (InvalidDataException unknown)
        {
            answer = NodeFrames.Refusal(request, ChirpErrorCode.Validation, unknown.Message);
        }
        catch (ObjectDisposedException)
        {
            answer = NodeFrames.Refusal(request, ChirpErrorCode.NotLeader, "The node is shutting down.");
        }
        catch (ArgumentOutOfRangeException)
        {
            answer = NodeFrames.Refusal(request, ChirpErrorCode.Validation, $"This node has no shard {request.ShardId}.");
        }

        await writeLock.WaitAsync(closing).ConfigureAwait(false);
        try
        {
            await NodeFrames.WriteAsync(connection.Transport.Output, answer, closing).ConfigureAwait(false);
        }
        finally
        {
            writeLock.Release();
        }
    }
}
