using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a liker from a tweet, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed record RemoveLiker : ShardCommand
{
    [Key(2)] public long TweetId { get; init; }
    [Key(3)] public long UserId { get; init; }
    [Key(4)] public long EdgeId { get; init; }
}
