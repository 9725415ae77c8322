using Chirp.Engine.Commands;
using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>One entry of a shard's change feed: a command that changed state, at its position.</summary>
[MessagePackObject]
internal sealed class ChangeRecord
{
    [Key(0)] public long Position { get; set; }
    [Key(1)] public ShardCommand Command { get; set; } = null!;
}
