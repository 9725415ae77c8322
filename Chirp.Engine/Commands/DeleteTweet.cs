using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Turns a tweet or reply into a tombstone.</summary>
[MessagePackObject]
internal sealed record DeleteTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; init; }
    [Key(3)] public long ActorId { get; init; }
}
