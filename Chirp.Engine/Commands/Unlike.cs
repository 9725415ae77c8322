using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a user's like, on the user's shard.</summary>
[MessagePackObject]
internal sealed record Unlike : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long TweetId { get; init; }
}
