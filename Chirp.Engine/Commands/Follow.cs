using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records that one user follows another, on the follower's shard.</summary>
[MessagePackObject]
internal sealed class Follow : ShardCommand
{
    [Key(2)] public long FollowerId { get; set; }
    [Key(3)] public long FolloweeId { get; set; }
    [Key(4)] public long EdgeId { get; set; }
}
