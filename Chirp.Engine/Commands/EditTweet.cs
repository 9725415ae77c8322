using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Replaces a tweet's text and media (or keeps its media, with <see cref="KeepMedia"/>), keeping the previous version.</summary>
[MessagePackObject]
internal sealed record EditTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; init; }
    [Key(3)] public long ActorId { get; init; }
    [Key(4)] public string Text { get; init; } = "";
    [Key(5)] public long[] MediaIds { get; init; } = [];
    [Key(6)] public string[] Hashtags { get; init; } = [];
    [Key(7)] public string[] Mentions { get; init; } = [];

    /// <summary>Leave the media as they are when the edit applies (<see cref="MediaIds"/> is empty then); false in logs written before it existed.</summary>
    [Key(8)] public bool KeepMedia { get; init; }
}
