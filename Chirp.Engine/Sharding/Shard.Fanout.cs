using System.Threading.Channels;
using Chirp.Engine.Commands;
using Chirp.Engine.Storage;
using Chirp.Engine.Timelines;
using RocksDbSharp;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Keeps home timelines up to date from this shard's change feed: each entry an author lists here (tweet, reply,
/// retweet) is inserted into the timelines of the author's followers, read from the follower list on this shard;
/// a new follower gets the author's recent entries; a removed follower loses them.
/// </summary>
/// <remarks>
/// The change feed is the durable fanout job: it is written in the same batch as the tweet. Timelines live in memory
/// and are rebuilt from the logs after a restart, so the worker starts at the position the shard opened with; a crash
/// in the middle of a fanout loses nothing, because the rebuilt timeline reads the committed lists.
/// Inserts are idempotent and go only into timelines that exist, so inactive users cost nothing.
/// </remarks>
internal sealed partial class Shard
{
    private const int FanoutChangeBatch = 256;
    private const int FollowerPage = 1024;
    private static readonly TimeSpan FanoutRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<bool> _fanoutSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _fanoutStop = new();
    private Task _fanoutLoop = Task.CompletedTask;
    private long _fanoutPosition;
    private long _fanoutInserts;
    private long _fanoutLagMs;
    private volatile bool _fanoutHeld;
    private long _fanoutFailures;

    // Only the fanout loop touches it.
    private readonly long[] _followerBuffer = new long[FollowerPage + 1];

    /// <summary>The change-feed position up to which fanout is done.</summary>
    public long FanoutPosition => Volatile.Read(ref _fanoutPosition);

    /// <summary>Timeline inserts attempted by this shard's fanout since it opened.</summary>
    public long FanoutInserts => Interlocked.Read(ref _fanoutInserts);

    /// <summary>Fanout attempts that failed (and were retried) since the shard opened.</summary>
    public long FanoutFailures => Interlocked.Read(ref _fanoutFailures);

    /// <summary>Milliseconds between the commit of the last fanned-out change and the end of its fanout.</summary>
    public long FanoutLagMs => Interlocked.Read(ref _fanoutLagMs);

    private void StartFanout()
    {
        _fanoutPosition = AppliedPosition;
        _fanoutLoop = Task.Run(FanoutLoopAsync);
    }

    private void SignalFanout() => _fanoutSignal.Writer.TryWrite(true);

    /// <summary>Holds fanout back (the changes queue up in the feed) or lets it go on; for measuring fanout alone.</summary>
    public void HoldFanout(bool hold)
    {
        _fanoutHeld = hold;
        SignalFanout();
    }

    public void StopFanout()
    {
        if (_fanoutStop.IsCancellationRequested)
        {
            return;
        }

        _fanoutStop.Cancel();
        _fanoutLoop.GetAwaiter().GetResult();
    }

    private async Task FanoutLoopAsync()
    {
        var token = _fanoutStop.Token;
        try
        {
            while (await _fanoutSignal.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                _fanoutSignal.Reader.TryRead(out _);
                while (!token.IsCancellationRequested && !_fanoutHeld && FanoutPosition < AppliedPosition)
                {
                    try
                    {
                        // One edges iterator per batch, made after the batch was read: it sees every follow committed
                        // before any of the batch's changes (a later one is backfilled in its own turn).
                        var changes = ReadChanges(FanoutPosition, FanoutChangeBatch);
                        using var edges = Store.Db.NewIterator(Store.Edges, _readOptions);
                        foreach (var change in changes)
                        {
                            FanOut(change.Command, edges);
                            long lag = _options.Clock.GetUtcNow().ToUnixTimeMilliseconds() - change.Command.AtMs;
                            Interlocked.Exchange(ref _fanoutLagMs, Math.Max(0, lag));
                            Volatile.Write(ref _fanoutPosition, change.Position);
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // A storage error must not end fanout for good: the change stays unprocessed and is retried
                        // (inserts are idempotent), and the failure shows in the statistics.
                        Interlocked.Increment(ref _fanoutFailures);
                        await Task.Delay(FanoutRetryDelay, token).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    private void FanOut(ShardCommand command, Iterator edges)
    {
        var timelines = _engine.Timelines;
        switch (command)
        {
            case CreateTweet c when _engine.ShardOfId(c.AuthorId) == Id:
                FanOutEntry(timelines, edges, c.AuthorId, c.TweetId);
                break;
            case AddAuthored c:
                FanOutEntry(timelines, edges, c.AuthorId, c.TweetId);
                break;
            case Retweet c:
                FanOutEntry(timelines, edges, c.UserId, c.RetweetId);
                break;
            case AddFollower c:
                timelines.BumpGeneration(c.FollowerId);
                Backfill(timelines, c.FollowerId, c.FolloweeId);
                break;
            case RemoveFollower c:
                timelines.BumpGeneration(c.FollowerId);
                timelines.RemoveAuthor(c.FollowerId, c.FolloweeId);
                break;
            default:
                break;
        }
    }

    private void FanOutEntry(TimelineStore timelines, Iterator edges, long authorId, long tweetId)
    {
        // Gone already (deleted, retweet undone), or posted as a celebrity: readers pull it instead.
        long? listed = ReadEdge(EdgeKind.Authored, authorId, tweetId);
        if (listed is null || AuthoredValue.IsUnfanned(listed.Value))
        {
            return;
        }

        var entry = new TimelineEntry(tweetId, authorId);
        long inserts = 1;
        if (FollowerListCache.TryGet(authorId, out var cached))
        {
            timelines.TryInsert(authorId, entry);
            for (int start = 0; start < cached.Length; start += FollowerPage)
            {
                timelines.TryInsertEach(cached.AsSpan(start, Math.Min(FollowerPage, cached.Length - start)), entry);
            }

            Interlocked.Add(ref _fanoutInserts, inserts + cached.Length);
            return;
        }

        // A long list is kept whole for the next fanout: its scan costs about a third of the fanout.
        long stamp = FollowerListCache.Stamp(authorId);
        List<long>? whole = null;
        long? cursor = null;
        bool first = true;
        while (true)
        {
            var followers = ScanAscending(edges, EdgeKind.FollowersByTime, authorId, cursor, FollowerPage);
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
            FollowerListCache.Fill(authorId, [.. whole], stamp);
        }

        Interlocked.Add(ref _fanoutInserts, inserts);
    }

    /// <summary>
    /// Gives a new follower the followee's most recent fanned-out entries (as many as a timeline holds). If the followee
    /// has older entries than those, the follower's floor rises to the newest of them: the stored timeline lacks them,
    /// so readers must pull them from the logs.
    /// </summary>
    private void Backfill(TimelineStore timelines, long followerId, long followeeId)
    {
        var recent = ScanDescending(EdgeKind.Authored, followeeId, null, null, timelines.Capacity + 1);
        long? firstLeftOut = null;
        if (recent.Count > timelines.Capacity)
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

        timelines.InsertMany(followerId, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(entries), create: false);
        if (firstLeftOut is { } floor)
        {
            timelines.RaiseFloor(followerId, floor);
        }

        Interlocked.Add(ref _fanoutInserts, entries.Count);
    }
}
