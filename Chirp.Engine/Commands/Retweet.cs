using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates a user's retweet entry, on the user's shard.</summary>
[MessagePackObject]
internal sealed record Retweet : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long OriginalId { get; init; }
    [Key(4)] public long RetweetId { get; init; }
    [Key(5)] public long OriginalAuthorId { get; init; }

    /// <summary>
    /// Followers from which the author's new entries are not fanned out, decided in prepare from the leader's options
    /// (0 in entries written before it existed: fanned out).
    /// </summary>
    [Key(6)] public int CelebrityThreshold { get; init; }
}
