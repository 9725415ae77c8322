using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds a retweeter to a tweet and counts it, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed class AddRetweeter : ShardCommand
{
    [Key(2)] public long OriginalId { get; set; }
    [Key(3)] public long UserId { get; set; }
    [Key(4)] public long RetweetId { get; set; }
}
