using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using MessagePack;

namespace Chirp.Engine.Sharding;

/// <summary>
/// What the node that leads a shard answers a write forwarded to it (<see cref="ChirpEngine.ExecuteForwardedAsync"/>):
/// the commands' results and the commands as its prepare decided them (their minted ids), or the typed error that
/// refused them. The request is a <see cref="CommandLogEntry"/> of the unprepared commands. <see cref="Format"/> changes
/// whenever the layout does.
/// </summary>
[MessagePackObject]
internal sealed class ForwardedAnswer
{
    public const int CurrentFormat = 1;

    [Key(0)] public int Format { get; init; } = CurrentFormat;

    [Key(1)] public ApplyResult[] Results { get; init; } = [];

    /// <summary>The prepared commands, in order; empty for a batch (its callers need no minted ids).</summary>
    [Key(2)] public ShardCommand[] Prepared { get; init; } = [];

    /// <summary>Set when the leader refused the whole write: the error's code; its message and field follow.</summary>
    [Key(3)] public ChirpErrorCode? Error { get; init; }

    [Key(4)] public string? ErrorMessage { get; init; }

    [Key(5)] public string? ErrorField { get; init; }

    /// <summary>The leader's applied log index once the write was applied: the sender waits for its own replica to reach it.</summary>
    [Key(6)] public long LogIndex { get; init; }

    public static byte[] Refusal(ChirpException error) =>
        Serialization.Serialize(new ForwardedAnswer { Error = error.ErrorCode, ErrorMessage = error.Message, ErrorField = error.Field });

    public static ForwardedAnswer Decode(ReadOnlyMemory<byte> bytes)
    {
        var answer = Serialization.Deserialize<ForwardedAnswer>(bytes);
        return answer.Format == CurrentFormat
            ? answer
            : throw new ChirpException(ChirpErrorCode.UnsupportedFormat, $"A forwarded write's answer has format {answer.Format}; this Chirp reads format {CurrentFormat}.");
    }

    /// <summary>The error this answer carries, as the exception the write's caller gets.</summary>
    public ChirpException ToException() => new(Error!.Value, ErrorMessage ?? "The shard's leader refused the write.", ErrorField);
}
