using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a retweeter from a tweet, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed class RemoveRetweeter : ShardCommand
{
    [Key(2)] public long OriginalId { get; set; }
    [Key(3)] public long UserId { get; set; }
    [Key(4)] public long RetweetId { get; set; }
}
