using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Turns a tweet or reply into a tombstone.</summary>
[MessagePackObject]
internal sealed class DeleteTweet : ShardCommand
{
    [Key(2)] public long TweetId { get; set; }
    [Key(3)] public long ActorId { get; set; }
}
