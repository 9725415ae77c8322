using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>One earlier version of an edited tweet, as it was until it was replaced.</summary>
[MessagePackObject]
internal sealed class TweetVersionRecord
{
    [Key(0)] public string Text { get; set; } = "";
    [Key(1)] public long[] MediaIds { get; set; } = [];
    [Key(2)] public long WrittenAtMs { get; set; }
}
