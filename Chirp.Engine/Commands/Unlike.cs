using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a user's like, on the user's shard.</summary>
[MessagePackObject]
internal sealed class Unlike : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public long TweetId { get; set; }
}
