using Chirp.Engine;
using MessagePack;

namespace Chirp.Server.Cluster.NodeProtocol;

/// <summary>
/// One message of the node protocol, a request or its answer, sent as a frame: a 4-byte little-endian length, then this
/// message as MessagePack <c>[format, id, shard, payload, error, message]</c>. Requests and answers share the layout; an
/// answer carries the id of its request, so one connection carries many requests at once. <see cref="Format"/> changes
/// whenever the layout does.
/// </summary>
[MessagePackObject]
public sealed class NodeMessage
{
    /// <summary>The layout this build writes and reads.</summary>
    /// <remarks>Format 2 added <see cref="Kind"/>: a format-1 node would take a metadata request for an engine write.</remarks>
    public const int CurrentFormat = 2;

    /// <summary>The largest frame a node accepts (a forwarded write group is far smaller).</summary>
    public const int MaxFrameBytes = 64 << 20;

    [Key(0)] public int Format { get; init; } = CurrentFormat;

    /// <summary>Chosen by the sender of a request, unique on its connection; the answer repeats it.</summary>
    [Key(1)] public long Id { get; init; }

    [Key(2)] public int ShardId { get; init; }

    /// <summary>A request: the forwarded write. An answer: the bytes of <see cref="ChirpEngine.ExecuteForwardedAsync"/>.</summary>
    [Key(3)] public byte[] Payload { get; init; } = [];

    /// <summary>Set on an answer when the node could not execute the request at all (its engine is closed, a bad frame).</summary>
    [Key(4)] public ChirpErrorCode? Error { get; init; }

    [Key(5)] public string? Message { get; init; }

    /// <summary>What a request asks for (an answer repeats it); <see cref="ShardId"/> matters only for engine writes.</summary>
    [Key(6)] public NodeRequestKind Kind { get; init; }
}
