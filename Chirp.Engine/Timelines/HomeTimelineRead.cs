using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Timelines;

/// <summary>
/// One read of one user's home timeline: the newest-first stream of candidates (stored entries and the pull merges
/// they need, filtered), and the page rules over it.
/// </summary>
/// <remarks>
/// The stream above the stored timeline's floor merges the stored entries with the lists of the pull authors the
/// reader follows (celebrities, up to their last tweet not fanned out). Below the floor, where the stored timeline may
/// be incomplete, it merges the lists of everyone the reader follows and the reader's own. Filters: a deleted tweet
/// (or a retweet of one) is dropped; a reply is shown only if it answers its own author, the reader, or someone the
/// reader follows (Mastodon's rule). Then, over the candidates, a retweet is hidden when its original, or another
/// retweet of it, is among the <see cref="RetweetWindow"/> candidates just older than it (Mastodon's rule), which
/// depends only on the candidates, so every page agrees with every other page.
/// </remarks>
internal sealed class HomeTimelineRead
{
    /// <summary>How far back a retweet looks for its original or another retweet of it.</summary>
    public const int RetweetWindow = 40;

    private readonly ChirpEngine _engine;
    private readonly long _readerId;
    private readonly Shard _readerShard;
    private readonly List<TimelineCandidate> _candidates = new(64);
    private List<long>? _followees;

    // Most reads never ask (no reply, pull authors cached), so it is made on first use.
    private Dictionary<long, bool>? _follows;
    private TimelineMerge? _merge;
    private bool _inPullPhase;
    private long _floor;
    private long? _lastRawId;
    private StoredTimelineSource? _stored;
    private bool _exhausted;
    private TimelineOutput? _initialState;

    // The state is the stored timeline's, just read by the caller: the first merge need not read it again.
    public HomeTimelineRead(ChirpEngine engine, long readerId, long? upperExclusive, TimelineOutput state)
    {
        _engine = engine;
        _readerId = readerId;
        _readerShard = engine.ShardOf(readerId);
        _lastRawId = upperExclusive;
        _initialState = state;
    }

    /// <summary>
    /// The visible entries with <paramref name="lowerExclusive"/> &lt; id &lt; the read's upper bound, newest first,
    /// at most <paramref name="limit"/>. <paramref name="more"/> tells whether visible entries may remain below.
    /// </summary>
    public List<TimelineCandidate> Visible(long? lowerExclusive, int limit, out bool more)
    {
        var visible = new List<TimelineCandidate>(Math.Min(limit, 64));
        int i = 0;
        while (visible.Count < limit)
        {
            if (!Ensure(i + 1) || (lowerExclusive is { } lower && _candidates[i].Id <= lower))
            {
                more = lowerExclusive is not null && Ensure(i + 1);
                return visible;
            }

            var candidate = _candidates[i];
            if (!candidate.IsRetweet || !SeenJustBefore(i, candidate.Key))
            {
                visible.Add(candidate);
            }

            i++;
        }

        more = Ensure(i + 1);
        return visible;
    }

    private bool SeenJustBefore(int index, long key)
    {
        Ensure(index + 1 + RetweetWindow);
        int end = Math.Min(_candidates.Count, index + 1 + RetweetWindow);
        for (int j = index + 1; j < end; j++)
        {
            if (_candidates[j].Key == key)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fills the candidate list to at least <paramref name="count"/>; false if the stream ends first.</summary>
    private bool Ensure(int count)
    {
        while (_candidates.Count < count)
        {
            if (!TryNextRaw(out var entry))
            {
                return false;
            }

            if (Admit(entry) is { } candidate)
            {
                _candidates.Add(candidate);
            }
        }

        return true;
    }

    private bool TryNextRaw(out TimelineEntry entry)
    {
        while (!_exhausted)
        {
            _merge ??= StartMerge();
            if (_merge.TryNext(out entry))
            {
                _lastRawId = entry.TweetId;
                return true;
            }

            if (_stored is { Invalidated: true })
            {
                // The stored timeline changed under the read: start over below the last entry taken.
                _merge = null;
                continue;
            }

            // A stored timeline with floor 0 holds every entry there is (with the pull authors merged in above it), so
            // there is nothing older to pull; a pull merge would open one log iterator per followee to find nothing.
            if (_inPullPhase || _floor == 0)
            {
                _exhausted = true;
                break;
            }

            _merge = PullMerge(Below(_lastRawId, _floor + 1));
        }

        entry = default;
        return false;
    }

    private TimelineMerge StartMerge()
    {
        // A restart after the stored timeline changed under the read must see its new state.
        var state = _initialState ?? _engine.Timelines.ReadState(_readerId);
        _initialState = null;
        if (!state.Found || (state.Flags & TimelineFlags.Building) != 0)
        {
            return PullMerge(_lastRawId);
        }

        _floor = state.Floor;
        _inPullPhase = false;
        if (_lastRawId is { } upper && upper <= _floor + 1)
        {
            return PullMerge(_lastRawId);
        }

        _stored = new StoredTimelineSource(_engine.Timelines, _readerId, _lastRawId, _floor);
        var sources = new List<TimelineSource> { _stored };
        foreach (var (authorId, newestUnfanned) in FollowedPullAuthors())
        {
            if (newestUnfanned > _floor)
            {
                sources.Add(EdgeListSource.Authored(_engine.ShardOf(authorId), authorId, Below(_lastRawId, newestUnfanned + 1), _floor));
            }
        }

        return new TimelineMerge(sources);
    }

    private TimelineMerge PullMerge(long? upperExclusive)
    {
        _inPullPhase = true;
        _stored = null;
        var sources = new List<TimelineSource> { EdgeListSource.Authored(_readerShard, _readerId, upperExclusive, null) };
        foreach (long followee in Followees())
        {
            sources.Add(EdgeListSource.Authored(_engine.ShardOf(followee), followee, upperExclusive, null));
        }

        return new TimelineMerge(sources);
    }

    private static long? Below(long? upperExclusive, long bound) => upperExclusive is { } upper ? Math.Min(upper, bound) : bound;

    private IEnumerable<(long AuthorId, long NewestUnfanned)> FollowedPullAuthors()
    {
        var pullAuthors = _engine.PullAuthors;
        if (pullAuthors.IsEmpty)
        {
            yield break;
        }

        // Which pull authors the reader follows changes only with the reader's follows or a new pull author: cached.
        var cache = _readerShard.FollowedPullAuthorsCache;
        long version = _engine.PullAuthorsVersion;
        if (!cache.TryGet(_readerId, out var followed) || followed.PullAuthorsVersion != version)
        {
            long stamp = cache.Stamp(_readerId);
            followed = new FollowedPullAuthors(version, [.. FindFollowedPullAuthors(pullAuthors)]);
            cache.Fill(_readerId, followed, stamp);
        }

        foreach (long authorId in followed.AuthorIds)
        {
            if (pullAuthors.TryGetValue(authorId, out long newest))
            {
                yield return (authorId, newest);
            }
        }
    }

    private IEnumerable<long> FindFollowedPullAuthors(IReadOnlyDictionary<long, long> pullAuthors)
    {
        if (pullAuthors.ContainsKey(_readerId))
        {
            yield return _readerId;
        }

        if (pullAuthors.Count <= 64)
        {
            foreach (var (authorId, _) in pullAuthors)
            {
                if (authorId != _readerId && Follows(authorId))
                {
                    yield return authorId;
                }
            }

            yield break;
        }

        foreach (long followee in Followees())
        {
            if (pullAuthors.ContainsKey(followee))
            {
                yield return followee;
            }
        }
    }

    private List<long> Followees()
    {
        if (_followees is null)
        {
            _followees = [.. _readerShard.EnumerateAscending(EdgeKind.FollowingIndex, _readerId, null)];
            _follows ??= [];
            foreach (long followee in _followees)
            {
                _follows[followee] = true;
            }
        }

        return _followees;
    }

    private bool Follows(long userId)
    {
        _follows ??= [];
        if (_follows.TryGetValue(userId, out bool follows))
        {
            return follows;
        }

        follows = _followees is null && _readerShard.ReadEdge(EdgeKind.FollowingIndex, _readerId, userId) is not null;
        _follows[userId] = follows;
        return follows;
    }

    private TimelineCandidate? Admit(TimelineEntry entry)
    {
        var tweet = _engine.ReadTweetRecord(entry.TweetId);
        if (tweet is null || tweet.Deleted)
        {
            return null;
        }

        if (tweet.RetweetOfId != 0)
        {
            var original = _engine.ReadTweetRecord(tweet.RetweetOfId);
            return original is null || original.Deleted ? null : new TimelineCandidate(tweet, original);
        }

        if (tweet.InReplyToId != 0
            && tweet.AuthorId != _readerId
            && tweet.InReplyToAuthorId != tweet.AuthorId
            && tweet.InReplyToAuthorId != _readerId
            && !Follows(tweet.InReplyToAuthorId))
        {
            return null;
        }

        return new TimelineCandidate(tweet, null);
    }
}
