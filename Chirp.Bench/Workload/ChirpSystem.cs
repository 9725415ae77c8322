using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Workload;

/// <summary>
/// Chirp's engine in the harness's process (the embedded use): the world's accounts and follows are created with the
/// engine's own calls, and every measured operation is one engine call. Durability is the engine's default: each
/// write is in RocksDB's write-ahead log (in the OS's buffers) before it is acknowledged, so it survives a killed
/// process, and a write is fsynced only with <see cref="ChirpEngineOptions.SyncWrites"/>, which this run leaves off.
/// </summary>
/// <remarks>
/// The celebrity threshold is the world's (<see cref="TimelineWorld.CelebrityThreshold"/>): graph users are fanned out
/// on write and the synthetic celebrities are pulled at read time. Post numbers map to tweet ids through a <see cref="WorkloadIdMap"/>.
/// </remarks>
public sealed class ChirpSystem : IWorkloadSystem
{
    private readonly ScratchEngine _scratch;
    private readonly WorkloadIdMap _ids = new();
    private long[] _userIds = [];

    private ChirpSystem(ScratchEngine scratch, int shards, int threshold)
    {
        _scratch = scratch;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"Chirp.Engine in process: {shards} shards, celebrity threshold {threshold}, timeline capacity {scratch.Engine.Options.TimelineCapacity}, writes acknowledged after the write-ahead log (not fsynced)");
    }

    public string Name => "chirp";

    public bool SupportsSearch => true;

    public bool FansOut => true;

    public IReadOnlyList<int> ProcessIds { get; } = [Environment.ProcessId];

    public string Description { get; }

    private ChirpEngine Engine => _scratch.Engine;

    /// <summary>Opens an engine with <paramref name="shards"/> shards in a new directory under <paramref name="parent"/>.</summary>
    public static ChirpSystem Start(TimelineWorld world, int shards, string? parent)
    {
        ArgumentNullException.ThrowIfNull(world);
        var scratch = ScratchEngine.Create(shards, parent: parent, configure: o => o with
        {
            CelebrityThreshold = world.CelebrityThreshold,
            // The hash index of the timeline store is sized for the users who will read, as a deployment would size it.
            ExpectedActiveUsers = Math.Max(1_000, world.UserCount),
        });
        return new ChirpSystem(scratch, shards, world.CelebrityThreshold);
    }

    public async Task LoadAsync(TimelineWorld world, IProgress<int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        // The world's id array is shared by every system of the run; keep our own copy.
        await world.LoadAsync(Engine).ConfigureAwait(false);
        _userIds = [.. world.Ids];
        progress.Report(world.UserCount);
    }

    public Task ActivateAsync(IReadOnlyList<int> users, CancellationToken cancellationToken)
    {
        Parallel.For(0, users.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
            Engine.GetHomeTimeline(_userIds[users[i]], PageRequest.First()));
        return Task.CompletedTask;
    }

    public async ValueTask CreatePostAsync(int user, long post, string text)
    {
        var tweet = await Engine.CreateTweetAsync(_userIds[user], text).ConfigureAwait(false);
        _ids.Add(post, tweet.Id, reverse: true);
    }

    public async ValueTask RetweetAsync(int user, long original, long retweet)
    {
        var tweet = await Engine.RetweetAsync(_userIds[user], _ids.IdOf(original)).ConfigureAwait(false);
        _ids.Add(retweet, tweet.Id, reverse: false);
    }

    public async ValueTask LikeAsync(int user, long post) => await Engine.LikeAsync(_userIds[user], _ids.IdOf(post)).ConfigureAwait(false);

    public async ValueTask FollowAsync(int follower, int followee) => await Engine.FollowAsync(_userIds[follower], _userIds[followee]).ConfigureAwait(false);

    public async ValueTask UnfollowAsync(int follower, int followee) => await Engine.UnfollowAsync(_userIds[follower], _userIds[followee]).ConfigureAwait(false);

    public ValueTask<int> ReadHomeAsync(int user, int limit) =>
        ValueTask.FromResult(Engine.GetHomeTimeline(_userIds[user], PageRequest.First(limit)).Items.Count);

    public ValueTask<int> SearchAsync(string word, int limit) =>
        ValueTask.FromResult(Engine.SearchTweets(word, new SearchRequest { Limit = limit }).Items.Count);

    /// <summary>Waits for the search index to catch up with the change feed.</summary>
    public Task WaitForIndexingAsync(CancellationToken cancellationToken) => Engine.WaitForSearchAsync(cancellationToken);

    public Task WaitForFanoutAsync(CancellationToken cancellationToken) => Engine.WaitForFanoutAsync(cancellationToken);

    public async Task WaitForQuiescenceAsync(CancellationToken cancellationToken)
    {
        await Engine.WaitForFanoutAsync(cancellationToken).ConfigureAwait(false);
        await Engine.WaitForSearchAsync(cancellationToken).ConfigureAwait(false);
    }

    public void HoldFanout(bool hold) => Engine.HoldFanout(hold);

    public long FanoutInserts => Engine.GetTimelineStatistics().FanoutInserts;

    public Task<IReadOnlyList<long>> ReadHomePostsAsync(int user, int max)
    {
        var posts = new List<long>();
        var page = PageRequest.First(ChirpEngine.MaxTimelineLimit);
        while (posts.Count < max)
        {
            var timeline = Engine.GetHomeTimeline(_userIds[user], page);
            foreach (var item in timeline.Items)
            {
                if (item.Tweet.RetweetOfId is null && posts.Count < max)
                {
                    posts.Add(_ids.TryGetNumber(item.Tweet.Id, out long number) ? number : -1);
                }
            }

            if (timeline.NextMaxId is not { } next)
            {
                break;
            }

            page = PageRequest.Before(next, ChirpEngine.MaxTimelineLimit);
        }

        return Task.FromResult<IReadOnlyList<long>>(posts);
    }

    public Task<IReadOnlyList<long>> SearchPostsAsync(string word, int max)
    {
        var posts = new List<long>();
        string? cursor = null;
        while (posts.Count < max)
        {
            var page = Engine.SearchTweets(word, new SearchRequest { Limit = ChirpEngine.MaxSearchLimit, Cursor = cursor });
            foreach (var item in page.Items)
            {
                if (posts.Count < max)
                {
                    posts.Add(_ids.TryGetNumber(item.Tweet.Id, out long number) ? number : -1);
                }
            }

            if (page.NextCursor is not { } next)
            {
                break;
            }

            cursor = next;
        }

        return Task.FromResult<IReadOnlyList<long>>(posts);
    }

    public Task<TimelineMemory?> MeasureTimelineMemoryAsync()
    {
        var statistics = Engine.GetTimelineStatistics();
        var store = Engine.Timelines;
        long entries = 0;
        var classes = new TimelineSizeClass.Tally();
        foreach (long id in _userIds)
        {
            var state = store.ReadState(id);
            if (state.Found)
            {
                entries += state.Count;
                classes.Add(state.Count, StoredTimelineCensus.RecordBytes(state.Count, store.Capacity));
            }
        }

        long bytes = statistics.LogBytes - statistics.SpilledBytes + statistics.IndexBytes;

        // What the log holds once superseded record versions are dropped (the engine compacts on its own when the log
        // has doubled past 64 MiB): reported beside the figure as it stands, which is the one compared.
        store.Compact(wholeLog: true);
        var compacted = Engine.GetTimelineStatistics();
        long compactedBytes = compacted.LogBytes - compacted.SpilledBytes + compacted.IndexBytes;
        string how = string.Create(CultureInfo.InvariantCulture,
            $"the timeline store's in-memory log (every record version) plus its hash index; {(entries == 0 ? 0 : (double)compactedBytes / entries):F1} bytes per entry after compacting the log");
        return Task.FromResult<TimelineMemory?>(new TimelineMemory(bytes, entries, how, classes.ToClasses()));
    }

    public long DiskBytes() => WorkloadFiles.DirectoryBytes(_scratch.Directory);

    public ValueTask DisposeAsync()
    {
        _scratch.Dispose();
        return ValueTask.CompletedTask;
    }
}
