using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Timelines;

/// <summary>An author's own list (tweets, replies, retweets) from the author's shard, within exclusive bounds.</summary>
internal sealed class AuthoredSource(Shard shard, long authorId, long? upperExclusive, long? lowerExclusive) : TimelineSource(upperExclusive)
{
    protected override void Fetch(long? upperExclusive, int count, List<TimelineEntry> into)
    {
        foreach (var (tweetId, _) in shard.ScanDescending(EdgeKind.Authored, authorId, upperExclusive, lowerExclusive, count))
        {
            into.Add(new TimelineEntry(tweetId, authorId));
        }
    }
}
