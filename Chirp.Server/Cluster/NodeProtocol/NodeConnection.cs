using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Chirp.Engine;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// One client connection to another node: requests go out as frames with ids, and a read loop hands each answer to
/// its waiting request, so many requests share the connection. When the connection breaks, every request still waiting
/// fails with <see cref="ChirpErrorCode.WriteOutcomeUnknown"/> (it was sent; whether it was applied is not known).
/// </summary>
internal sealed class NodeConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeWriter _output;
    private readonly PipeReader _input;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<NodeMessage>> _waiting = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Task _reading;
    private long _nextId;

    private NodeConnection(Socket socket, EndPoint node)
    {
        Node = node;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _output = PipeWriter.Create(_stream);
        _input = PipeReader.Create(_stream);
        _reading = Task.Run(ReadAnswersAsync);
    }

    public EndPoint Node { get; }

    public bool IsBroken => _closed.IsCancellationRequested;

    /// <summary>Connects; a node that cannot be reached is <see cref="ChirpErrorCode.NotLeader"/> for the caller (nothing was sent).</summary>
    public static async Task<NodeConnection> OpenAsync(EndPoint node, CancellationToken cancellationToken)
    {
        var socket = new Socket(node.AddressFamily == AddressFamily.Unspecified ? AddressFamily.InterNetwork : node.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(node, cancellationToken).ConfigureAwait(false);
            return new NodeConnection(socket, node);
        }
        catch (SocketException unreachable)
        {
            socket.Dispose();
            throw new ChirpException(ChirpErrorCode.NotLeader, $"The node at {node} cannot be reached ({unreachable.SocketErrorCode}); nothing was sent.");
        }
    }

    /// <summary>Sends a request and waits for its answer's payload; the answer's own refusal becomes a <see cref="ChirpException"/>.</summary>
    public async Task<byte[]> SendAsync(NodeRequestKind kind, int shardId, ReadOnlyMemory<byte> payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<NodeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (IsBroken)
                {
                    throw new ChirpException(ChirpErrorCode.NotLeader, $"The connection to the node at {Node} is closed; nothing was sent.");
                }

                await NodeFrames.WriteAsync(_output, new NodeMessage { Id = id, ShardId = shardId, Kind = kind, Payload = payload.ToArray() }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                Break();
                throw new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, $"Sending to the node at {Node} failed ({ex.GetType().Name}); the write may or may not have arrived.");
            }
            finally
            {
                _writeLock.Release();
            }

            NodeMessage reply;
            try
            {
                reply = await answer.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, $"The node at {Node} did not answer within {timeout.TotalSeconds:0.#} s; the write may or may not be applied.");
            }

            return reply.Error is { } error
                ? throw new ChirpException(error, reply.Message ?? $"The node at {Node} refused the request.")
                : reply.Payload;
        }
        finally
        {
            _waiting.TryRemove(id, out _);
        }
    }

    private async Task ReadAnswersAsync()
    {
        try
        {
            while (await NodeFrames.ReadAsync(_input, _closed.Token).ConfigureAwait(false) is { } reply)
            {
                if (_waiting.TryGetValue(reply.Id, out var waiting))
                {
                    waiting.TrySetResult(reply);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
        {
        }

        Break();
    }

    private void Break()
    {
        if (!_closed.IsCancellationRequested)
        {
            _closed.Cancel();
        }

        foreach (var waiting in _waiting.Values)
        {
            waiting.TrySetException(new ChirpException(ChirpErrorCode.WriteOutcomeUnknown, $"The connection to the node at {Node} closed before it answered; the write may or may not be applied."));
        }

        _socket.Close();
    }

    public async ValueTask DisposeAsync()
    {
        Break();
        await _reading.ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();

        // The write lock is not disposed: a send still in flight on a connection broken under it releases the lock in its
        // finally, and a disposed lock would throw there, escaping as a 500 instead of "outcome unknown" (found by the
        // cluster bench's failover phase). A SemaphoreSlim whose wait handle was never asked for holds nothing to free.
    }
}
