using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>An outbox message its target refused: the error code and message the target answered.</summary>
[MessagePackObject]
internal sealed record OutboxRefusal
{
    [Key(0)] public long Sequence { get; init; }
    [Key(1)] public string Code { get; init; } = "";
    [Key(2)] public string Reason { get; init; } = "";
}
