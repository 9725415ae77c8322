using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Forgets request ids applied before a time, so the dedup records do not grow without bound.</summary>
[MessagePackObject]
internal sealed record PruneRequests : ShardCommand
{
    [Key(2)] public long BeforeMs { get; init; }
}
