using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Adds an entry to an author's own list of tweets (for replies and retweets stored elsewhere).</summary>
[MessagePackObject]
internal sealed class AddAuthored : ShardCommand
{
    [Key(2)] public long AuthorId { get; set; }
    [Key(3)] public long TweetId { get; set; }
    [Key(4)] public byte Kind { get; set; }
}
