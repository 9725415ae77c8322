using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds a retweeter to a tweet and counts it, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed record AddRetweeter : ShardCommand
{
    [Key(2)] public long OriginalId { get; init; }
    [Key(3)] public long UserId { get; init; }
    [Key(4)] public long RetweetId { get; init; }
}
