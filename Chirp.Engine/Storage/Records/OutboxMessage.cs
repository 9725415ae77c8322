using Chirp.Engine.Commands;
using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>A command another shard must apply, written in the same batch as the command that caused it.</summary>
[MessagePackObject]
internal sealed class OutboxMessage
{
    [Key(0)] public int TargetShard { get; set; }
    [Key(1)] public ShardCommand Command { get; set; } = null!;
    [Key(2)] public int Attempts { get; set; }
}
