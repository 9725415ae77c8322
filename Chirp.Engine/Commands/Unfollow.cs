using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes a follow, on the follower's shard.</summary>
[MessagePackObject]
internal sealed record Unfollow : ShardCommand
{
    [Key(2)] public long FollowerId { get; init; }
    [Key(3)] public long FolloweeId { get; init; }
}
