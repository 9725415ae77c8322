using MessagePack;

namespace Chirp.Engine.Storage;

[MessagePackObject]
internal sealed class TweetRecord
{
    [Key(0)] public long Id { get; set; }
    [Key(1)] public long AuthorId { get; set; }
    [Key(2)] public string Text { get; set; } = "";
    [Key(3)] public long InReplyToId { get; set; }
    [Key(4)] public long InReplyToAuthorId { get; set; }
    [Key(5)] public long RetweetOfId { get; set; }
    [Key(6)] public long[] MediaIds { get; set; } = [];
    [Key(7)] public string[] Hashtags { get; set; } = [];
    [Key(8)] public string[] Mentions { get; set; } = [];
    [Key(9)] public int EditCount { get; set; }
    [Key(10)] public long EditedAtMs { get; set; }
    [Key(11)] public bool Deleted { get; set; }
    [Key(12)] public long DeletedAtMs { get; set; }
}
