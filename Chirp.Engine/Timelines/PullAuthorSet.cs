using System.Collections.Concurrent;

namespace Chirp.Engine.Timelines;

/// <summary>
/// The authors with entries that were not fanned out (posted at or above the celebrity threshold), each with the id of
/// the newest such entry: home-timeline reads merge their lists in at read time. Derived from the committed
/// <c>PullAuthor</c> edges: loaded at open, and updated by each shard's writer after a commit and before the writes
/// are acknowledged, so a reader never misses an acknowledged unfanned post.
/// </summary>
internal sealed class PullAuthorSet
{
    private readonly ConcurrentDictionary<long, long> _newest = new();
    private long _version;

    /// <summary>Each pull author with its newest unfanned entry.</summary>
    public ConcurrentDictionary<long, long> Newest => _newest;

    /// <summary>Moves on whenever an author joins (readers' cached lists of the pull authors they follow are then stale).</summary>
    public long Version => Interlocked.Read(ref _version);

    public int Count => _newest.Count;

    /// <summary>Records that <paramref name="authorId"/> has unfanned entries up to <paramref name="newestTweetId"/>.</summary>
    public void Note(long authorId, long newestTweetId)
    {
        if (_newest.TryAdd(authorId, newestTweetId))
        {
            Interlocked.Increment(ref _version);
            return;
        }

        _newest.AddOrUpdate(authorId, newestTweetId, (_, newest) => Math.Max(newest, newestTweetId));
    }
}
