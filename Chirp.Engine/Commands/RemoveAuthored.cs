using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Removes an entry from an author's own list of tweets.</summary>
[MessagePackObject]
internal sealed record RemoveAuthored : ShardCommand
{
    [Key(2)] public long AuthorId { get; init; }
    [Key(3)] public long TweetId { get; init; }
}
