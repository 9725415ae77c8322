using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records that one user follows another, on the follower's shard.</summary>
[MessagePackObject]
internal sealed record Follow : ShardCommand
{
    [Key(2)] public long FollowerId { get; init; }
    [Key(3)] public long FolloweeId { get; init; }
    [Key(4)] public long EdgeId { get; init; }
}
