using System.Diagnostics;
using System.Threading.Channels;
using Chirp.Engine.Commands;
using Chirp.Engine.Feed;
using Chirp.Engine.Sharding;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Engine.Search;

/// <summary>
/// Keeps one shard's search index up to date from its change feed (change data capture): it runs whenever the shard's
/// applied position moves past what it has indexed, and the write path never waits for it. New, edited and deleted
/// tweets, retweets and profiles reach the index in feed order; searches see them at the next refresh (every
/// <see cref="ChirpEngineOptions.SearchRefreshInterval"/> under load, at once when idle); a commit every
/// <see cref="ChirpEngineOptions.SearchCommitInterval"/> records the position, and a restart resumes from it.
/// Re-applying a change is harmless, so replaying from an older position never duplicates a document. An index that
/// is new, or whose position the change feed has been trimmed past, is refilled from the records instead.
/// </summary>
internal sealed class ShardIndexer : IDisposable
{
    private const int SearchChangeBatch = 512;
    private const int RebuildProgressEvery = 10_000;
    private static readonly TimeSpan SearchRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Shard _shard;
    private readonly IShardRouter _router;
    private readonly ChirpEngineOptions _options;
    private readonly ReadOptions _readOptions = new();
    private readonly Channel<SearchRebuild> _rebuilds = Channel.CreateUnbounded<SearchRebuild>();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private long _failures;

    private ShardIndexer(Shard shard, IShardRouter router, ChirpEngineOptions options, ShardIndex index)
    {
        _shard = shard;
        _router = router;
        _options = options;
        Index = index;
        Searchable = new PositionWatch(index.SearchablePosition);
    }

    public ShardIndex Index { get; }

    /// <summary>Changes up to this position are visible to searches.</summary>
    public PositionWatch Searchable { get; }

    /// <summary>Indexing attempts that failed (and were retried) since the shard opened.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Opens the shard's index; one that cannot be opened is thrown away (it is derived state) and refilled.</summary>
    public static ShardIndexer Open(Shard shard, IShardRouter router, ChirpEngineOptions options)
    {
        string path = Path.Combine(options.Path, "search", $"shard-{shard.Id:D4}");
        ShardIndex index;
        try
        {
            index = ShardIndex.Open(path, options.WrapSearchDirectory);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or Lucene.Net.Store.LockObtainFailedException))
        {
            Directory.Delete(path, recursive: true);
            index = ShardIndex.Open(path, options.WrapSearchDirectory);
        }

        return new ShardIndexer(shard, router, options, index);
    }

    /// <summary>Starts indexing; called once every shard is open, as indexing reads authors from other shards.</summary>
    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Refills the index from the shard's records, while writes go on; completes when it is searchable.</summary>
    public Task<long> RebuildAsync(Action<long> onDocuments)
    {
        var request = new SearchRebuild(onDocuments);
        if (!_rebuilds.Writer.TryWrite(request))
        {
            request.Cancel();
        }

        return request.Done;
    }

    /// <summary>
    /// After a snapshot install replaced the shard's data: an index that cannot catch up from the feed (behind its
    /// oldest change, or ahead of the data) is refilled from the records; otherwise it goes on from its position.
    /// Returns whether a refill was asked for.
    /// </summary>
    public bool RealignAfterInstall()
    {
        long indexed = Index.IndexedPosition;
        if (indexed >= _shard.ChangeFloor - 1 && indexed <= _shard.AppliedPosition)
        {
            return false;
        }

        _ = RebuildAsync(static _ => { });
        return true;
    }

    /// <summary>Stops indexing and commits what was indexed, so that the next open resumes from there.</summary>
    public void Stop()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _rebuilds.Writer.TryComplete();
        while (_rebuilds.Reader.TryRead(out var request))
        {
            request.Cancel();
        }

        Searchable.Close();
        if (Index.IndexedPosition > Index.CommittedPosition)
        {
            CommitAtClose();
        }
    }

    /// <summary>Stops and closes the index; a failure to close is reported, not thrown, so that the shard still closes.</summary>
    public void Dispose()
    {
        Stop();
        try
        {
            Index.Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _options.OnCloseFailure?.Invoke(new IOException($"The search index of shard {_shard.Id} did not close cleanly; the next open replays the changes after its last commit.", ex));
        }

        _stop.Dispose();
    }

    /// <summary>
    /// The last commit before the databases close. Its failure (a full disk, say) must not stop the close: the index is
    /// derived state, each commit holds the change-feed position it reached, the feed is never trimmed past a committed
    /// position, and the next open indexes the changes after that position again. So a failure loses replay time, not
    /// data; it is reported to <see cref="ChirpEngineOptions.OnCloseFailure"/>.
    /// </summary>
    private void CommitAtClose()
    {
        try
        {
            Index.Commit();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failures);
            _options.OnCloseFailure?.Invoke(new IOException(
                $"The search index of shard {_shard.Id} could not be committed at close; the next open indexes the changes after position {Index.CommittedPosition} again.", ex));
        }
    }

    private async Task RunAsync()
    {
        var index = Index;
        var token = _stop.Token;
        var sinceRefresh = Stopwatch.StartNew();
        var sinceCommit = Stopwatch.StartNew();
        var refreshInterval = _options.SearchRefreshInterval;
        var commitInterval = _options.SearchCommitInterval;
        // A refill that failed half way left the index emptied: it is tried again until it succeeds. An index behind the
        // oldest change still in the feed cannot catch up from it either.
        bool refillPending = (index.IsNew && _shard.AppliedPosition > 0) || index.IndexedPosition < _shard.ChangeFloor - 1;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (refillPending)
                {
                    Rebuild(null);
                    refillPending = false;
                }

                while (_rebuilds.Reader.TryRead(out var request))
                {
                    refillPending = true;
                    Rebuild(request);
                    refillPending = false;
                }

                if (index.IndexedPosition < _shard.AppliedPosition)
                {
                    IndexChanges();
                }

                bool unrefreshed = index.IndexedPosition > index.SearchablePosition;
                if (unrefreshed && sinceRefresh.Elapsed >= refreshInterval)
                {
                    Refresh();
                    sinceRefresh.Restart();
                    unrefreshed = false;
                }

                if (index.IndexedPosition > index.CommittedPosition && sinceCommit.Elapsed >= commitInterval)
                {
                    index.Commit();
                    sinceCommit.Restart();
                }

                if (index.IndexedPosition < _shard.AppliedPosition)
                {
                    continue;
                }

                TimeSpan? wait = unrefreshed ? refreshInterval - sinceRefresh.Elapsed
                    : index.IndexedPosition > index.CommittedPosition ? commitInterval - sinceCommit.Elapsed
                    : null;
                await WaitForWorkAsync(index.IndexedPosition + 1, wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failure must not end indexing for good: the changes stay unindexed and are tried again, and the
                // failure shows in the statistics.
                Interlocked.Increment(ref _failures);
                try
                {
                    await Task.Delay(SearchRetryDelay, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Waits until the shard applies the change at <paramref name="next"/>, a rebuild is asked for, or the wait is up.</summary>
    private async Task WaitForWorkAsync(long next, TimeSpan? wait, CancellationToken token)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var woken = CancellationTokenSource.CreateLinkedTokenSource(token);
        if (wait is { } timeout)
        {
            woken.CancelAfter(timeout);
        }

        var applied = _shard.Applied.WaitAsync(next, woken.Token).AsTask();
        var rebuild = _rebuilds.Reader.WaitToReadAsync(woken.Token).AsTask();
        await Task.WhenAny(applied, rebuild).ConfigureAwait(false);
        await woken.CancelAsync().ConfigureAwait(false);
        token.ThrowIfCancellationRequested();
    }

    private void Refresh()
    {
        Index.Refresh();
        Searchable.Advance(Index.SearchablePosition);
    }

    private void IndexChanges()
    {
        var index = Index;
        using var pass = _shard.EnterConsumerBatch();
        foreach (var change in _shard.ReadChanges(index.IndexedPosition, SearchChangeBatch))
        {
            switch (change.Command)
            {
                case CreateTweet c:
                    IndexTweet(c.TweetId, index.IsNewAt(change.Position));
                    break;
                case EditTweet c:
                    IndexTweet(c.TweetId, isNew: false);
                    break;
                case DeleteTweet c:
                    index.DeleteTweet(c.TweetId);
                    break;
                case Retweet c:
                    IndexTweet(c.RetweetId, index.IsNewAt(change.Position));
                    break;
                case UndoRetweet c:
                    index.DeleteRetweet(c.UserId, c.OriginalId);
                    break;
                case CreateAccount c:
                    IndexUser(c.UserId, index.IsNewAt(change.Position));
                    break;
                case UpdateProfile c:
                    IndexUser(c.UserId, isNew: false);
                    break;
                default:
                    break;
            }

            index.MarkIndexed(change.Position);
        }
    }

    private void IndexTweet(long tweetId, bool isNew)
    {
        var record = _shard.ReadTweet(tweetId);
        if (record is null)
        {
            Index.DeleteTweet(tweetId);
            return;
        }

        Index.IndexTweet(record, _router.ReadUser(record.AuthorId)?.Username, isNew);
    }

    private void IndexUser(long userId, bool isNew)
    {
        if (_shard.ReadUser(userId) is { } user)
        {
            Index.IndexUser(user, isNew);
        }
    }

    /// <summary>Empties the index and refills it from the records as they are now, then resumes the feed from where it began.</summary>
    private void Rebuild(SearchRebuild? request)
    {
        var index = Index;
        var store = _shard.Store;
        using var pass = _shard.EnterConsumerBatch();
        try
        {
            long documents = 0;
            long startedAt = _shard.AppliedPosition;
            index.StartOver();
            using (var users = store.Db.NewIterator(store.Users, _readOptions))
            {
                for (users.SeekToFirst(); users.Valid(); users.Next())
                {
                    index.IndexUser(Serialization.Deserialize<UserRecord>(users.Value()), isNew: true);
                    Progress(request, ++documents);
                }
            }

            using (var tweets = store.Db.NewIterator(store.Tweets, _readOptions))
            {
                for (tweets.SeekToFirst(); tweets.Valid(); tweets.Next())
                {
                    var record = Serialization.Deserialize<TweetRecord>(tweets.Value());
                    if (!record.Deleted)
                    {
                        index.IndexTweet(record, _router.ReadUser(record.AuthorId)?.Username, isNew: true);
                        Progress(request, ++documents);
                    }
                }
            }

            index.Refilled(startedAt, _shard.AppliedPosition);
            index.Commit();
            Refresh();
            request?.Complete(documents);
        }
        catch (Exception ex)
        {
            request?.Fail(ex);
            throw;
        }
    }

    private static void Progress(SearchRebuild? request, long documents)
    {
        if (documents % RebuildProgressEvery == 0)
        {
            request?.Report(documents);
        }
    }
}
