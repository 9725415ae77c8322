using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a user's retweet, on the user's shard.</summary>
[MessagePackObject]
internal sealed record UndoRetweet : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long OriginalId { get; init; }
}
