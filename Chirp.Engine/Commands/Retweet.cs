using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates a user's retweet entry, on the user's shard.</summary>
[MessagePackObject]
internal sealed class Retweet : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public long OriginalId { get; set; }
    [Key(4)] public long RetweetId { get; set; }
    [Key(5)] public long OriginalAuthorId { get; set; }
}
