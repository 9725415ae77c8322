using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a liker from a tweet, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed class RemoveLiker : ShardCommand
{
    [Key(2)] public long TweetId { get; set; }
    [Key(3)] public long UserId { get; set; }
    [Key(4)] public long EdgeId { get; set; }
}
