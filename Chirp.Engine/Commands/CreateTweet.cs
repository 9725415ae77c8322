using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates a tweet, or a reply (on the parent's shard) when InReplyToId is set.</summary>
[MessagePackObject]
internal sealed record CreateTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; init; }
    [Key(3)] public long AuthorId { get; init; }
    [Key(4)] public string Text { get; init; } = "";
    [Key(5)] public long[] MediaIds { get; init; } = [];
    [Key(6)] public string[] Hashtags { get; init; } = [];
    [Key(7)] public string[] Mentions { get; init; } = [];
    [Key(8)] public long InReplyToId { get; init; }

    /// <summary>
    /// Followers from which the author's new entries are not fanned out, decided in prepare from the leader's options
    /// (0 in entries written before it existed: fanned out).
    /// </summary>
    [Key(9)] public int CelebrityThreshold { get; init; }
}
