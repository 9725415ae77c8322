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

    /// <summary>
    /// Per result, the outbox range its command wrote (from, through; the leader's sequence numbers, which every replica
    /// shares), so the sender can wait for those messages' delivery on its own replica. Absent from older senders.
    /// </summary>
    [Key(7)] public long[]? OutboxRanges { get; init; }

    /// <summary>The answer for applied commands: their results (with their outbox ranges), as the leader's apply returned them.</summary>
    public static ForwardedAnswer Applied(ApplyResult[] results, ShardCommand[] prepared, long logIndex)
    {
        var ranges = new long[results.Length * 2];
        for (int i = 0; i < results.Length; i++)
        {
            ranges[2 * i] = results[i].OutboxFrom;
            ranges[(2 * i) + 1] = results[i].OutboxThrough;
        }

        return new ForwardedAnswer { Results = results, Prepared = prepared, LogIndex = logIndex, OutboxRanges = ranges };
    }

    /// <summary>Result <paramref name="index"/> with the outbox range the leader reported for it (none when it reported none).</summary>
    public ApplyResult ResultAt(int index) =>
        OutboxRanges is { } ranges && ranges.Length == Results.Length * 2
            ? Results[index] with { OutboxFrom = ranges[2 * index], OutboxThrough = ranges[(2 * index) + 1] }
            : Results[index] with { OutboxFrom = 1, OutboxThrough = 0 };

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
