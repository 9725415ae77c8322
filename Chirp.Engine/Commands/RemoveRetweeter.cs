using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a retweeter from a tweet, on the tweet's shard.</summary>
[MessagePackObject]
internal sealed record RemoveRetweeter : ShardCommand
{
    [Key(2)] public long OriginalId { get; init; }
    [Key(3)] public long UserId { get; init; }
    [Key(4)] public long RetweetId { get; init; }
}
