using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.InteropServices;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;

namespace Chirp.Engine;

/// <summary>
/// Home timelines: stored per user in memory (FASTER), filled by fanout on write for ordinary authors, merged at read
/// time with the tweets of the celebrities a reader follows, and rebuilt from the logs when missing.
/// </summary>
public sealed partial class ChirpEngine
{
    /// <summary>The most entries one home-timeline page returns.</summary>
    public const int MaxTimelineLimit = 40;

    private readonly PullAuthorSet _pullAuthors = new();

    private const long LastReadPrecisionMs = 60_000;
    private readonly ConcurrentDictionary<long, long> _lastTimelineReadMs = new();

    internal TimelineStore Timelines { get; private set; } = null!;

    /// <summary>Authors with entries not fanned out, each with the newest such entry's id.</summary>
    internal ConcurrentDictionary<long, long> PullAuthors => _pullAuthors.Newest;

    /// <summary>Moves on whenever an author joins the pull authors (readers' cached lists of them are then stale).</summary>
    internal long PullAuthorsVersion => _pullAuthors.Version;

    /// <summary>
    /// A page of the reader's home timeline: the reader's own entries and those of everyone the reader follows, newest
    /// first, ready to show. Page with <see cref="PageRequest.MaxId"/> (older), <see cref="PageRequest.SinceId"/>
    /// (newest entries above a cursor) or <see cref="PageRequest.MinId"/> (the entries just above a cursor); limit
    /// 1 to <see cref="MaxTimelineLimit"/>. Paging never skips or repeats an entry, and past the stored entries the
    /// read pulls from the logs, so scrolling goes on while older tweets exist. The first read after a restart, or
    /// after <see cref="ChirpEngineOptions.InactiveAfter"/> without reads, rebuilds the timeline from the logs before
    /// it returns.
    /// </summary>
    public TimelinePage GetHomeTimeline(long readerId, PageRequest page)
    {
        using var pass = _gate.Enter();
        if (page.Limit > MaxTimelineLimit)
        {
            throw ChirpException.Invalid("limit", $"A timeline page holds at most {MaxTimelineLimit} entries.");
        }

        var readerShard = OwnerOf(readerId);
        if (readerShard?.ReadUser(readerId) is null)
        {
            throw ChirpException.NotFound($"Account {readerId} does not exist.");
        }

        NoteTimelineRead(readerId);
        var read = new HomeTimelineRead(this, readerId, page.MaxId, EnsureTimeline(readerId));
        long? lower = Max(page.SinceId, page.MinId);
        List<TimelineCandidate> visible;
        bool more;
        if (page.MinId is null)
        {
            visible = read.Visible(lower, page.Limit, out more);
        }
        else
        {
            // The entries just above the cursor: everything visible above it, then its oldest part. Nothing visible
            // lies between that part and the cursor, so more tells whether anything visible is left at or below it.
            visible = read.Visible(lower, int.MaxValue, out more);
            if (visible.Count > page.Limit)
            {
                visible.RemoveRange(0, visible.Count - page.Limit);
            }
        }

        var items = Hydrate(readerId, readerShard, visible);
        return new TimelinePage(
            items,
            items.Count > 0 && more ? items[^1].Tweet.Id : null,
            items.Count > 0 ? items[0].Tweet.Id : lower);
    }

    /// <summary>
    /// Waits until fanout has caught up with every write made before the call, including the cross-shard messages
    /// those writes sent (follows reach the followee's shard that way).
    /// </summary>
    public async Task WaitForFanoutAsync(CancellationToken cancellationToken = default)
    {
        await FlushOutboxAsync(cancellationToken).ConfigureAwait(false);
        for (int i = 0; i < _shards.Length; i++)
        {
            await _fanouts[i].Done.WaitAsync(_shards[i].AppliedPosition, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fanout progress and timeline memory, for metrics.</summary>
    public TimelineStatistics GetTimelineStatistics()
    {
        using var pass = _gate.Enter();
        long depth = 0;
        long lagMs = 0;
        long inserts = 0;
        long failures = 0;
        for (int i = 0; i < _shards.Length; i++)
        {
            var fanout = _fanouts[i];
            depth += Math.Max(0, _shards[i].AppliedPosition - fanout.Done.Position);
            lagMs = Math.Max(lagMs, fanout.LagMs);
            inserts += fanout.Inserts;
            failures += fanout.Failures;
        }

        return new TimelineStatistics(
            depth,
            TimeSpan.FromMilliseconds(lagMs),
            inserts,
            _lastTimelineReadMs.Count,
            _pullAuthors.Count,
            Timelines.LogBytes,
            Timelines.SpilledBytes,
            Timelines.IndexBytes,
            failures);
    }

    /// <summary>
    /// Remembers the read for the inactivity sweep. Inactivity is measured in days, so a minute's precision is plenty,
    /// and it keeps a concurrent-dictionary write (a lock) off nearly every read.
    /// </summary>
    private void NoteTimelineRead(long readerId)
    {
        long now = NowMs();
        if (!_lastTimelineReadMs.TryGetValue(readerId, out long last) || now - last >= LastReadPrecisionMs || now < last)
        {
            _lastTimelineReadMs[readerId] = now;
        }
    }

    /// <summary>Drops the stored timelines of users who have not read theirs within the inactivity period.</summary>
    internal int DropInactiveTimelines()
    {
        long cutoff = NowMs() - (long)Options.InactiveAfter.TotalMilliseconds;
        int dropped = 0;
        foreach (var (userId, lastRead) in _lastTimelineReadMs)
        {
            if (lastRead < cutoff && _lastTimelineReadMs.TryRemove(new KeyValuePair<long, long>(userId, lastRead)))
            {
                Timelines.Clear(userId);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>Drops every stored timeline; each is rebuilt from the logs at its owner's next read.</summary>
    private void DropAllTimelines()
    {
        foreach (long userId in _lastTimelineReadMs.Keys)
        {
            _lastTimelineReadMs.TryRemove(userId, out _);
            Timelines.Clear(userId);
        }
    }

    /// <summary>Holds every shard's fanout back, or lets it go on (benchmarks measure fanout alone this way).</summary>
    internal void HoldFanout(bool hold)
    {
        foreach (var fanout in _fanouts)
        {
            fanout.Hold(hold);
        }
    }

    internal Shard ShardOf(long id) => _shards[ShardOfId(id)];

    internal TweetRecord? ReadTweetRecord(long tweetId) => OwnerOf(tweetId)?.ReadTweet(tweetId);

    /// <summary>Inserts the author's own new entry into the author's timeline before the create returns.</summary>
    private void InsertOwnEntry(long authorId, long tweetId) => Timelines.TryInsert(authorId, new TimelineEntry(tweetId, authorId));

    private void OpenTimelines()
    {
        string spill = System.IO.Path.Combine(Options.Path, "timelines.spill");
        if (Directory.Exists(spill))
        {
            Directory.Delete(spill, recursive: true);
        }

        // Large pages make a fanout burst cross fewer page boundaries (where FASTER makes writers retry); a page must
        // hold a full timeline, and memory at least a few pages.
        int memoryBits = BitOperations.Log2((ulong)Options.TimelineMemoryBytes);
        int fullTimelineBits = BitOperations.Log2(BitOperations.RoundUpToPowerOf2((ulong)TimelineStore.FullRecordBytes(Options.TimelineCapacity)));
        Timelines = new TimelineStore(Options.TimelineCapacity, new TimelineStoreSettings
        {
            MemorySizeBits = memoryBits,
            PageSizeBits = Math.Max(fullTimelineBits, Math.Min(25, memoryBits - 4)),
            IndexBuckets = (long)BitOperations.RoundUpToPowerOf2((ulong)Math.Max(1024, Options.ExpectedActiveUsers / 4)),
            SpillDirectory = spill,
        });
    }

    private void LoadPullAuthors()
    {
        foreach (var shard in _shards)
        {
            foreach (var (authorId, newest) in shard.ReadPullAuthors())
            {
                _pullAuthors.Note(authorId, newest);
            }
        }
    }

    /// <summary>
    /// Rebuilds a missing timeline from the logs: the newest entries (up to the capacity) of the user and of everyone
    /// the user follows. Fanout inserts made meanwhile land in it as well (it exists, marked building, from the start).
    /// If the user followed or unfollowed someone meanwhile, the timeline stays marked building, reads pull from the
    /// logs, and the next read tries again. Returns the timeline's state as the read should start from.
    /// </summary>
    private TimelineOutput EnsureTimeline(long userId)
    {
        var state = Timelines.ReadState(userId);
        if (state.Found && (state.Flags & TimelineFlags.Building) == 0)
        {
            return state;
        }

        state = Timelines.Begin(userId);
        if ((state.Flags & TimelineFlags.Building) == 0)
        {
            return state;
        }

        var userShard = ShardOf(userId);
        var sources = new List<TimelineSource> { EdgeListSource.Authored(userShard, userId, null, null) };
        foreach (long followee in userShard.EnumerateAscending(EdgeKind.FollowingIndex, userId, null))
        {
            sources.Add(EdgeListSource.Authored(ShardOf(followee), followee, null, null));
        }

        var merge = new TimelineMerge(sources);
        var entries = new List<TimelineEntry>(Math.Min(Options.TimelineCapacity, 1024));
        while (entries.Count < Options.TimelineCapacity && merge.TryNext(out var entry))
        {
            entries.Add(entry);
        }

        long floor = entries.Count == Options.TimelineCapacity && merge.TryNext(out _) ? entries[^1].TweetId - 1 : 0;
        Timelines.InsertMany(userId, CollectionsMarshal.AsSpan(entries), create: false);
        Timelines.Seal(userId, state.Generation, floor);
        return Timelines.ReadState(userId);
    }

    private List<TimelineItem> Hydrate(long readerId, Shard? readerShard, List<TimelineCandidate> visible)
    {
        // The tweets shown (the original of a retweet), sorted, for two range reads of the reader's edges.
        var shown = new long[visible.Count];
        for (int i = 0; i < shown.Length; i++)
        {
            shown[i] = visible[i].Key;
        }

        Array.Sort(shown);
        int distinct = 0;
        for (int i = 0; i < shown.Length; i++)
        {
            if (i == 0 || shown[i] != shown[distinct - 1])
            {
                shown[distinct++] = shown[i];
            }
        }

        Array.Resize(ref shown, distinct);
        var liked = new bool[shown.Length];
        var retweeted = new bool[shown.Length];
        readerShard?.ReadEdgePresence(EdgeKind.LikedTweet, liked, EdgeKind.RetweetedTweet, retweeted, readerId, shown);

        var items = new List<TimelineItem>(visible.Count);
        var accounts = new Dictionary<long, Account?>(visible.Count * 2);
        foreach (var candidate in visible)
        {
            var author = AccountOf(candidate.Tweet.AuthorId, accounts);
            var original = candidate.Original;
            var shownAuthor = original is null ? author : AccountOf(original.AuthorId, accounts);
            if (author is null || shownAuthor is null)
            {
                continue;
            }

            int flags = Array.BinarySearch(shown, candidate.Key);
            items.Add(new TimelineItem(
                ToTweet(ShardOf(candidate.Tweet.Id), candidate.Tweet),
                author,
                original is null ? null : ToTweet(ShardOf(original.Id), original),
                original is null ? null : shownAuthor,
                liked[flags],
                retweeted[flags]));
        }

        return items;
    }

    private Account? AccountOf(long userId, Dictionary<long, Account?> cache)
    {
        if (!cache.TryGetValue(userId, out var account))
        {
            account = GetAccount(userId);
            cache[userId] = account;
        }

        return account;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
