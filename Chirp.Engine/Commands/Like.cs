using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records that a user likes a tweet, on the user's shard.</summary>
[MessagePackObject]
internal sealed record Like : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long TweetId { get; init; }
    [Key(4)] public long EdgeId { get; init; }
}
