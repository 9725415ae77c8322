using System.Diagnostics;
using System.Threading.Channels;
using Chirp.Engine.Commands;
using Chirp.Engine.Search;
using Chirp.Engine.Storage;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Keeps this shard's search index up to date from its change feed (change data capture): the write path never waits
/// for it. New, edited and deleted tweets, retweets and profiles reach the index in feed order; searches see them at
/// the next refresh (every <see cref="ChirpEngineOptions.SearchRefreshInterval"/> under load, at once when idle); a
/// commit every <see cref="ChirpEngineOptions.SearchCommitInterval"/> records the position, and a restart resumes from
/// it. Re-applying a change is harmless, so replaying from an older position never duplicates a document.
/// </summary>
internal sealed partial class Shard
{
    private const int SearchChangeBatch = 512;
    private const int RebuildProgressEvery = 10_000;
    private static readonly TimeSpan SearchRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly Channel<bool> _searchSignal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Channel<SearchRebuild> _searchRebuilds = Channel.CreateUnbounded<SearchRebuild>();
    private readonly CancellationTokenSource _searchStop = new();
    private Task _searchLoop = Task.CompletedTask;
    private long _searchFailures;

    /// <summary>This shard's index; null when the engine was opened without search.</summary>
    public ShardIndex? SearchIndex { get; private set; }

    /// <summary>Indexing attempts that failed (and were retried) since the shard opened.</summary>
    public long SearchFailures => Interlocked.Read(ref _searchFailures);

    private void OpenSearchIndex()
    {
        if (!_options.IndexForSearch)
        {
            return;
        }

        string path = System.IO.Path.Combine(_options.Path, "search", $"shard-{Id:D4}");
        try
        {
            SearchIndex = ShardIndex.Open(path, _options.WrapSearchDirectory);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or Lucene.Net.Store.LockObtainFailedException))
        {
            // The index is derived state: one that cannot be opened is thrown away and rebuilt from the records.
            System.IO.Directory.Delete(path, recursive: true);
            SearchIndex = ShardIndex.Open(path, _options.WrapSearchDirectory);
        }
    }

    /// <summary>Starts indexing; called once every shard exists, as indexing reads authors from other shards.</summary>
    public void StartSearch()
    {
        if (SearchIndex is { } index)
        {
            _searchLoop = Task.Run(() => SearchLoopAsync(index));
        }
    }

    private void SignalSearch() => _searchSignal.Writer.TryWrite(true);

    /// <summary>Refills the index from this shard's records, while writes go on; completes when it is searchable.</summary>
    public Task<long> RebuildSearchAsync(Action<long> onDocuments)
    {
        var request = new SearchRebuild(onDocuments);
        if (!_searchRebuilds.Writer.TryWrite(request))
        {
            request.Cancel();
        }

        SignalSearch();
        return request.Done;
    }

    public void StopSearch()
    {
        if (_searchStop.IsCancellationRequested)
        {
            return;
        }

        _searchStop.Cancel();
        _searchLoop.GetAwaiter().GetResult();
        _searchRebuilds.Writer.TryComplete();
        while (_searchRebuilds.Reader.TryRead(out var request))
        {
            request.Cancel();
        }

        if (SearchIndex is { } index && index.IndexedPosition > index.CommittedPosition)
        {
            CommitAtClose(index);
        }
    }

    /// <summary>
    /// The last commit before the databases close. Its failure (a full disk, say) must not stop the close: the index is
    /// derived state, each commit holds the change-feed position it reached, the feed is never trimmed, and the next
    /// open indexes the changes after that position again. So a failure loses replay time, not data; it is reported to
    /// <see cref="ChirpEngineOptions.OnCloseFailure"/>.
    /// </summary>
    private void CommitAtClose(ShardIndex index)
    {
        try
        {
            index.Commit();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _searchFailures);
            _options.OnCloseFailure?.Invoke(new IOException(
                $"The search index of shard {Id} could not be committed at close; the next open indexes the changes after position {index.CommittedPosition} again.", ex));
        }
    }

    /// <summary>Closes the index; a failure is reported, not thrown, so that the shard's database still closes.</summary>
    private void CloseSearchIndex()
    {
        try
        {
            SearchIndex?.Dispose();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _options.OnCloseFailure?.Invoke(new IOException($"The search index of shard {Id} did not close cleanly; the next open replays the changes after its last commit.", ex));
        }
    }

    private async Task SearchLoopAsync(ShardIndex index)
    {
        var token = _searchStop.Token;
        var sinceRefresh = Stopwatch.StartNew();
        var sinceCommit = Stopwatch.StartNew();
        var refreshInterval = _options.SearchRefreshInterval;
        var commitInterval = _options.SearchCommitInterval;
        // A refill that failed half way left the index emptied: it is tried again until it succeeds.
        bool refillPending = index.IsNew && AppliedPosition > 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                if (refillPending)
                {
                    RebuildSearch(index, null);
                    refillPending = false;
                }

                while (_searchRebuilds.Reader.TryRead(out var request))
                {
                    refillPending = true;
                    RebuildSearch(index, request);
                    refillPending = false;
                }

                if (index.IndexedPosition < AppliedPosition)
                {
                    IndexChanges(index);
                }

                bool unrefreshed = index.IndexedPosition > index.SearchablePosition;
                if (unrefreshed && sinceRefresh.Elapsed >= refreshInterval)
                {
                    index.Refresh();
                    sinceRefresh.Restart();
                    unrefreshed = false;
                }

                if (index.IndexedPosition > index.CommittedPosition && sinceCommit.Elapsed >= commitInterval)
                {
                    index.Commit();
                    sinceCommit.Restart();
                }

                if (index.IndexedPosition < AppliedPosition)
                {
                    continue;
                }

                TimeSpan? wait = unrefreshed ? refreshInterval - sinceRefresh.Elapsed
                    : index.IndexedPosition > index.CommittedPosition ? commitInterval - sinceCommit.Elapsed
                    : null;
                await WaitForSearchWorkAsync(wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failure must not end indexing for good: the changes stay unindexed and are tried again, and the
                // failure shows in the statistics.
                Interlocked.Increment(ref _searchFailures);
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

    private async Task WaitForSearchWorkAsync(TimeSpan? wait, CancellationToken token)
    {
        if (wait is null)
        {
            await _searchSignal.Reader.WaitToReadAsync(token).ConfigureAwait(false);
        }
        else if (wait > TimeSpan.Zero)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            timeout.CancelAfter(wait.Value);
            try
            {
                await _searchSignal.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
            }
        }

        _searchSignal.Reader.TryRead(out _);
    }

    private void IndexChanges(ShardIndex index)
    {
        foreach (var change in ReadChanges(index.IndexedPosition, SearchChangeBatch))
        {
            switch (change.Command)
            {
                case CreateTweet c:
                    IndexTweet(index, c.TweetId, index.IsNewAt(change.Position));
                    break;
                case EditTweet c:
                    IndexTweet(index, c.TweetId, isNew: false);
                    break;
                case DeleteTweet c:
                    index.DeleteTweet(c.TweetId);
                    break;
                case Retweet c:
                    IndexTweet(index, c.RetweetId, index.IsNewAt(change.Position));
                    break;
                case UndoRetweet c:
                    index.DeleteRetweet(c.UserId, c.OriginalId);
                    break;
                case CreateAccount c:
                    IndexUser(index, c.UserId, index.IsNewAt(change.Position));
                    break;
                case UpdateProfile c:
                    IndexUser(index, c.UserId, isNew: false);
                    break;
                default:
                    break;
            }

            index.MarkIndexed(change.Position);
        }
    }

    private void IndexTweet(ShardIndex index, long tweetId, bool isNew)
    {
        var record = ReadTweet(tweetId);
        if (record is null)
        {
            index.DeleteTweet(tweetId);
            return;
        }

        index.IndexTweet(record, _engine.ShardOf(record.AuthorId).ReadUser(record.AuthorId)?.Username, isNew);
    }

    private void IndexUser(ShardIndex index, long userId, bool isNew)
    {
        if (ReadUser(userId) is { } user)
        {
            index.IndexUser(user, isNew);
        }
    }

    /// <summary>Empties the index and refills it from the records as they are now, then resumes the feed from where it began.</summary>
    private void RebuildSearch(ShardIndex index, SearchRebuild? request)
    {
        try
        {
            long documents = 0;
            long startedAt = AppliedPosition;
            index.StartOver();
            using (var users = Store.Db.NewIterator(Store.Users, _readOptions))
            {
                for (users.SeekToFirst(); users.Valid(); users.Next())
                {
                    index.IndexUser(Serialization.Deserialize<UserRecord>(users.Value()), isNew: true);
                    Progress(request, ++documents);
                }
            }

            using (var tweets = Store.Db.NewIterator(Store.Tweets, _readOptions))
            {
                for (tweets.SeekToFirst(); tweets.Valid(); tweets.Next())
                {
                    var record = Serialization.Deserialize<TweetRecord>(tweets.Value());
                    if (!record.Deleted)
                    {
                        index.IndexTweet(record, _engine.ShardOf(record.AuthorId).ReadUser(record.AuthorId)?.Username, isNew: true);
                        Progress(request, ++documents);
                    }
                }
            }

            index.Refilled(startedAt, AppliedPosition);
            index.Commit();
            index.Refresh();
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
