using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Replaces a tweet's text and media (or keeps its media, with <see cref="KeepMedia"/>), keeping the previous version.</summary>
[MessagePackObject]
internal sealed class EditTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; set; }
    [Key(3)] public long ActorId { get; set; }
    [Key(4)] public string Text { get; set; } = "";
    [Key(5)] public long[] MediaIds { get; set; } = [];
    [Key(6)] public string[] Hashtags { get; set; } = [];
    [Key(7)] public string[] Mentions { get; set; } = [];

    /// <summary>Leave the media as they are when the edit applies (<see cref="MediaIds"/> is empty then); false in logs written before it existed.</summary>
    [Key(8)] public bool KeepMedia { get; set; }
}
