using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates a tweet, or a reply (on the parent's shard) when InReplyToId is set.</summary>
[MessagePackObject]
internal sealed class CreateTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; set; }
    [Key(3)] public long AuthorId { get; set; }
    [Key(4)] public string Text { get; set; } = "";
    [Key(5)] public long[] MediaIds { get; set; } = [];
    [Key(6)] public string[] Hashtags { get; set; } = [];
    [Key(7)] public string[] Mentions { get; set; } = [];
    [Key(8)] public long InReplyToId { get; set; }
}
