using MessagePack;

namespace Chirp.Engine.Sharding;

/// <summary>What applying a command produced: a status (never an exception on the hot path) and an id.</summary>
[MessagePackObject]
internal readonly record struct ApplyResult(
    [property: Key(0)] ApplyStatus Status,
    [property: Key(1)] long Id,
    [property: Key(2)] string? Message,
    [property: Key(3)] string? Field)
{
    [IgnoreMember]
    public bool IsOk => Status == ApplyStatus.Ok;

    /// <summary>The first outbox sequence the command wrote (greater than <see cref="OutboxThrough"/> when it wrote none).</summary>
    [IgnoreMember]
    public long OutboxFrom { get; init; }

    /// <summary>The shard's outbox sequence after the command: its last message, when it wrote any.</summary>
    [IgnoreMember]
    public long OutboxThrough { get; init; }

    public static ApplyResult Ok(long id = 0) => new(ApplyStatus.Ok, id, null, null);

    public static ApplyResult Invalid(string field, string message) => new(ApplyStatus.Invalid, 0, message, field);

    public static ApplyResult NotFound(string message) => new(ApplyStatus.NotFound, 0, message, null);

    public static ApplyResult Forbidden(string message) => new(ApplyStatus.Forbidden, 0, message, null);

    public static ApplyResult Conflict(string field, string message) => new(ApplyStatus.Conflict, 0, message, field);

    public ChirpException ToException() => Status switch
    {
        ApplyStatus.Invalid => new ChirpException(ChirpErrorCode.Validation, Message ?? "Invalid.", Field),
        ApplyStatus.NotFound => new ChirpException(ChirpErrorCode.NotFound, Message ?? "Not found."),
        ApplyStatus.Forbidden => new ChirpException(ChirpErrorCode.Forbidden, Message ?? "Forbidden."),
        ApplyStatus.Conflict => new ChirpException(ChirpErrorCode.Conflict, Message ?? "Conflict.", Field),
        _ => throw new InvalidOperationException("An ok result is not an error."),
    };

    /// <summary>Returns the id, or throws the typed error.</summary>
    public long ThrowIfFailed() => IsOk ? Id : throw ToException();
}
