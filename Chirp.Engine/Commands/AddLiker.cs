using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds a liker to a tweet and counts it, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed class AddLiker : ShardCommand
{
    [Key(2)] public long TweetId { get; set; }
    [Key(3)] public long UserId { get; set; }
    [Key(4)] public long EdgeId { get; set; }
}
