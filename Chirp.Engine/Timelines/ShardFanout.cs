using Chirp.Engine.Commands;
using Chirp.Engine.Feed;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Timelines;

/// <summary>
/// Keeps home timelines up to date from one shard's change feed: each entry an author lists there (tweet, reply,
/// retweet) is inserted into the timelines of the author's followers, read from the follower list on that shard; a new
/// follower gets the author's recent entries; a removed follower loses them. It runs whenever the shard's applied
/// position moves past its own; the shard's writer never calls it.
/// </summary>
/// <remarks>
/// The change feed is the durable fanout job: it is written in the same batch as the tweet. Timelines live in memory
/// and are rebuilt from the logs after a restart, so fanout starts at the position the shard opened with; a crash in
/// the middle of a fanout loses nothing, because the rebuilt timeline reads the committed lists. Inserts are idempotent
/// and go only into timelines that exist, so inactive users cost nothing.
/// </remarks>
internal sealed class ShardFanout : IDisposable
{
    private const int FanoutChangeBatch = 256;
    private const int FollowerPage = 1024;
    private static readonly TimeSpan FanoutRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Shard _shard;
    private readonly TimelineStore _timelines;
    private readonly IShardRouter _router;
    private readonly TimeProvider _clock;
    private readonly ReadOptions _readOptions = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private TaskCompletionSource? _held;
    private long _inserts;
    private long _lagMs;
    private long _failures;

    // Only the fanout loop touches it.
    private readonly long[] _followerBuffer = new long[FollowerPage + 1];

    public ShardFanout(Shard shard, TimelineStore timelines, IShardRouter router, TimeProvider clock)
    {
        _shard = shard;
        _timelines = timelines;
        _router = router;
        _clock = clock;
        Done = new PositionWatch(shard.AppliedPosition);
    }

    /// <summary>The change-feed position up to which fanout is done.</summary>
    public PositionWatch Done { get; }

    /// <summary>Timeline inserts attempted since the shard opened.</summary>
    public long Inserts => Interlocked.Read(ref _inserts);

    /// <summary>Fanout attempts that failed (and were retried) since the shard opened.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Milliseconds between the commit of the last fanned-out change and the end of its fanout.</summary>
    public long LagMs => Interlocked.Read(ref _lagMs);

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>
    /// After a snapshot install left this fanout behind the oldest change still in the feed: goes on from there. What
    /// it skipped is not in any stored timeline, so the engine drops those to be rebuilt from the logs.
    /// </summary>
    public void SkipTo(long position) => Done.Advance(position);

    /// <summary>Holds fanout back (the changes queue up in the feed) or lets it go on; for measuring fanout alone.</summary>
    public void Hold(bool hold)
    {
        if (hold)
        {
            Interlocked.CompareExchange(ref _held, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
        }
        else
        {
            Interlocked.Exchange(ref _held, null)?.TrySetResult();
        }
    }

    public void Stop()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        Done.Close();
    }

    public void Dispose()
    {
        Stop();
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (Volatile.Read(ref _held) is { } held)
                {
                    await held.Task.WaitAsync(token).ConfigureAwait(false);
                    continue;
                }

                long done = Done.Position;
                if (done >= _shard.AppliedPosition)
                {
                    await _shard.Applied.WaitAsync(done + 1, token).ConfigureAwait(false);
                    continue;
                }

                try
                {
                    FanOutBatch(done);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A storage error must not end fanout for good: the change stays unprocessed and is retried
                    // (inserts are idempotent), and the failure shows in the statistics.
                    Interlocked.Increment(ref _failures);
                    await Task.Delay(FanoutRetryDelay, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void FanOutBatch(long after)
    {
        // One edges iterator per batch, made after the batch was read: it sees every follow committed before any of the
        // batch's changes (a later one is backfilled in its own turn).
        using var pass = _shard.EnterConsumerBatch();
        var changes = _shard.ReadChanges(after, FanoutChangeBatch);
        using var edges = _shard.Store.Db.NewIterator(_shard.Store.Edges, _readOptions);
        foreach (var change in changes)
        {
            FanOut(change.Command, edges);
            long lag = _clock.GetUtcNow().ToUnixTimeMilliseconds() - change.Command.AtMs;
            Interlocked.Exchange(ref _lagMs, Math.Max(0, lag));
            Done.Advance(change.Position);
        }
    }

    private void FanOut(ShardCommand command, Iterator edges)
    {
        switch (command)
        {
            case CreateTweet c when _router.ShardOfId(c.AuthorId) == _shard.Id:
                FanOutEntry(edges, c.AuthorId, c.TweetId);
                break;
            case AddAuthored c:
                FanOutEntry(edges, c.AuthorId, c.TweetId);
                break;
            case Retweet c:
                FanOutEntry(edges, c.UserId, c.RetweetId);
                break;
            case AddFollower c:
                _timelines.BumpGeneration(c.FollowerId);
                Backfill(c.FollowerId, c.FolloweeId);
                break;
            case RemoveFollower c:
                _timelines.BumpGeneration(c.FollowerId);
                _timelines.RemoveAuthor(c.FollowerId, c.FolloweeId);
                break;
            default:
                break;
        }
    }

    private void FanOutEntry(Iterator edges, long authorId, long tweetId)
    {
        // Gone already (deleted, retweet undone), or posted as a celebrity: readers pull it instead.
        long? listed = _shard.ReadEdge(EdgeKind.Authored, authorId, tweetId);
        if (listed is null || AuthoredValue.IsUnfanned(listed.Value))
        {
            return;
        }

        var timelines = _timelines;
        var followerLists = _shard.FollowerListCache;
        var entry = new TimelineEntry(tweetId, authorId);
        long inserts = 1;
        if (followerLists.TryGet(authorId, out var cached))
        {
            timelines.TryInsert(authorId, entry);
            for (int start = 0; start < cached.Length; start += FollowerPage)
            {
                timelines.TryInsertEach(cached.AsSpan(start, Math.Min(FollowerPage, cached.Length - start)), entry);
            }

            Interlocked.Add(ref _inserts, inserts + cached.Length);
            return;
        }

        // A long list is kept whole for the next fanout: its scan costs about a third of the fanout.
        long stamp = followerLists.Stamp(authorId);
        List<long>? whole = null;
        long? cursor = null;
        bool first = true;
        while (true)
        {
            var followers = Shard.ScanAscending(edges, EdgeKind.FollowersByTime, authorId, cursor, FollowerPage);
            for (int i = 0; i < followers.Count; i++)
            {
                _followerBuffer[i + 1] = followers[i].Value;
            }

            var page = _followerBuffer.AsSpan(1, followers.Count);
            if (first)
            {
                // The author's own timeline goes in the same call as the first page (one session, one epoch).
                _followerBuffer[0] = authorId;
                timelines.TryInsertEach(_followerBuffer.AsSpan(0, followers.Count + 1), entry);
                first = false;
            }
            else
            {
                timelines.TryInsertEach(page, entry);
            }

            inserts += followers.Count;
            if (followers.Count == FollowerPage || whole is not null)
            {
                whole ??= new List<long>(FollowerPage * 2);
                whole.AddRange(page);
            }

            if (followers.Count < FollowerPage)
            {
                break;
            }

            cursor = followers[^1].Other;
        }

        if (whole is not null)
        {
            followerLists.Fill(authorId, [.. whole], stamp);
        }

        Interlocked.Add(ref _inserts, inserts);
    }

    /// <summary>
    /// Gives a new follower the followee's most recent fanned-out entries (as many as a timeline holds). If the followee
    /// has older entries than those, the follower's floor rises to the newest of them: the stored timeline lacks them,
    /// so readers must pull them from the logs.
    /// </summary>
    private void Backfill(long followerId, long followeeId)
    {
        var recent = _shard.ScanDescending(EdgeKind.Authored, followeeId, null, null, _timelines.Capacity + 1);
        long? firstLeftOut = null;
        if (recent.Count > _timelines.Capacity)
        {
            firstLeftOut = recent[^1].Other;
            recent.RemoveAt(recent.Count - 1);
        }

        var entries = new List<TimelineEntry>(recent.Count);
        foreach (var (tweetId, value) in recent)
        {
            if (!AuthoredValue.IsUnfanned(value))
            {
                entries.Add(new TimelineEntry(tweetId, followeeId));
            }
        }

        _timelines.InsertMany(followerId, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), create: false);
        if (firstLeftOut is { } floor)
        {
            _timelines.RaiseFloor(followerId, floor);
        }

        Interlocked.Add(ref _inserts, entries.Count);
    }
}
