using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>An outbox message that can never apply, kept with the reason.</summary>
[MessagePackObject]
internal sealed class DeadLetter
{
    [Key(0)] public OutboxMessage Message { get; set; } = null!;
    [Key(1)] public string Code { get; set; } = "";
    [Key(2)] public string Reason { get; set; } = "";
    [Key(3)] public long AtMs { get; set; }
}
