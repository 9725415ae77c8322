using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds an entry to an author's own list of tweets (for replies and retweets stored elsewhere).</summary>
[MessagePackObject]
internal sealed record AddAuthored : ShardCommand
{
    [Key(2)] public long AuthorId { get; init; }
    [Key(3)] public long TweetId { get; init; }
    [Key(4)] public byte Kind { get; init; }

    /// <summary>
    /// Followers from which the author's new entries are not fanned out, decided in prepare from the leader's options
    /// (0 in entries written before it existed: fanned out).
    /// </summary>
    [Key(5)] public int CelebrityThreshold { get; init; }
}
