using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds the reverse edge of a follow, on the followee's shard.</summary>
[MessagePackObject]
internal sealed record AddFollower : ShardCommand
{
    [Key(2)] public long FolloweeId { get; init; }
    [Key(3)] public long FollowerId { get; init; }
    [Key(4)] public long EdgeId { get; init; }
}
