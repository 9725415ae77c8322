using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>
/// Removes delivered messages from this shard's outbox and moves refused ones to its dead letters, so that every
/// replica's outbox shrinks the same way and a new leader does not redeliver what was already delivered.
/// </summary>
[MessagePackObject]
internal sealed record AcknowledgeOutbox : ShardCommand
{
    /// <summary>Outbox sequences the targets applied.</summary>
    [Key(2)] public long[] Delivered { get; init; } = [];

    /// <summary>Outbox sequences the targets refused, with why: kept as dead letters, never retried.</summary>
    [Key(3)] public OutboxRefusal[] Refused { get; init; } = [];
}
