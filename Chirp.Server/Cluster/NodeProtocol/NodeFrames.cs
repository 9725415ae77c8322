using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Chirp.Engine;
using MessagePack;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>Reads and writes <see cref="NodeMessage"/> frames on a pipe.</summary>
public static class NodeFrames
{
    private const int LengthBytes = sizeof(int);

    /// <summary>Writes one frame and flushes it. Callers that share a writer serialize their calls.</summary>
    public static async ValueTask WriteAsync(PipeWriter output, NodeMessage message, CancellationToken cancellationToken)
    {
        byte[] body = MessagePackSerializer.Serialize(message, MessagePackSerializerOptions.Standard, cancellationToken);
        var header = output.GetSpan(LengthBytes);
        BinaryPrimitives.WriteInt32LittleEndian(header, body.Length);
        output.Advance(LengthBytes);
        output.Write(body);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the next frame; null at the end of the stream. A frame that is too long, cut short or unreadable is a
    /// broken peer: <see cref="InvalidDataException"/>, and the connection is closed.
    /// </summary>
    public static async ValueTask<NodeMessage?> ReadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            if (TryParse(ref buffer, out var message))
            {
                input.AdvanceTo(buffer.Start);
                return message;
            }

            if (read.IsCompleted)
            {
                input.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? null : throw new InvalidDataException("The peer closed the connection in the middle of a frame.");
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool TryParse(ref ReadOnlySequence<byte> buffer, out NodeMessage? message)
    {
        message = null;
        if (buffer.Length < LengthBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[LengthBytes];
        buffer.Slice(0, LengthBytes).CopyTo(header);
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > NodeMessage.MaxFrameBytes)
        {
            throw new InvalidDataException($"A node protocol frame says it is {length} bytes long; at most {NodeMessage.MaxFrameBytes} are accepted.");
        }

        if (buffer.Length < LengthBytes + length)
        {
            return false;
        }

        var body = buffer.Slice(LengthBytes, length);
        try
        {
            message = MessagePackSerializer.Deserialize<NodeMessage>(body, MessagePackSerializerOptions.Standard);
        }
        catch (MessagePackSerializationException unreadable)
        {
            throw new InvalidDataException($"A node protocol frame could not be read: {unreadable.Message}", unreadable);
        }

        if (message.Format != NodeMessage.CurrentFormat)
        {
            throw new InvalidDataException($"A node protocol frame has format {message.Format}; this Chirp speaks format {NodeMessage.CurrentFormat}.");
        }

        buffer = buffer.Slice(body.End);
        return true;
    }

    /// <summary>An answer that says the request could not be executed at all.</summary>
    public static NodeMessage Refusal(NodeMessage request, ChirpErrorCode error, string message) =>
        new() { Id = request.Id, ShardId = request.ShardId, Kind = request.Kind, Error = error, Message = message };
}
