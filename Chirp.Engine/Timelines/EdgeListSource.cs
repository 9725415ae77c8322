using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Timelines;

/// <summary>
/// One owner's edge list on one shard whose second ids are tweet ids, within exclusive bounds: an author's own list
/// (<see cref="EdgeKind.Authored"/>, the author is the owner) or a hashtag's (<see cref="EdgeKind.Hashtag"/>, the author
/// is the edge value).
/// </summary>
internal sealed class EdgeListSource(Shard shard, EdgeKind kind, long owner, long? upperExclusive, long? lowerExclusive) : TimelineSource(upperExclusive)
{
    public static EdgeListSource Authored(Shard shard, long authorId, long? upperExclusive, long? lowerExclusive) =>
        new(shard, EdgeKind.Authored, authorId, upperExclusive, lowerExclusive);

    protected override void Fetch(long? upperExclusive, int count, List<TimelineEntry> into)
    {
        foreach (var (tweetId, value) in shard.ScanDescending(kind, owner, upperExclusive, lowerExclusive, count))
        {
            into.Add(new TimelineEntry(tweetId, kind == EdgeKind.Authored ? owner : value));
        }
    }
}
