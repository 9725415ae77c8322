using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds a liker to a tweet and counts it, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed record AddLiker : ShardCommand
{
    [Key(2)] public long TweetId { get; init; }
    [Key(3)] public long UserId { get; init; }
    [Key(4)] public long EdgeId { get; init; }
}
