namespace Chirp.Bench.Workload;

/// <summary>
/// One system the workload runs against: Chirp in process, Chirp.Server over HTTP, Redis, PostgreSQL. The harness
/// speaks in its own numbers: users are <see cref="Support.TimelineWorld"/> user numbers (0 … UserCount − 1) and
/// posts and retweets are workload numbers (1, 2, 3 … in the order the harness issues them, one sequence for both).
/// A system that makes its own ids keeps the mapping; the peers use the workload number as the id, so every system
/// orders a home timeline the same way and the cross-check can compare them.
/// </summary>
/// <remarks>
/// Calls come from many tasks at once. A measured call must do the whole operation as the system's users would have it
/// done (a read hydrates the page: text, author, counts, the reader's like flag, a retweet's original), and must throw
/// if the system refused it.
/// </remarks>
public interface IWorkloadSystem : IAsyncDisposable
{
    /// <summary>The name on the command line and in the results: chirp, chirp-http, redis, postgres.</summary>
    string Name { get; }

    /// <summary>False for a system without full-text search (the search phase and its cross-check skip it).</summary>
    bool SupportsSearch { get; }

    /// <summary>False for a pull system (no timeline is stored, so there is no fanout to measure).</summary>
    bool FansOut { get; }

    /// <summary>The processes the system runs in, for peak RSS (the harness's own process for in-process systems).</summary>
    IReadOnlyList<int> ProcessIds { get; }

    /// <summary>One line saying what runs: version, port, settings that matter.</summary>
    string Description { get; }

    /// <summary>Creates every user of the world and every follow in it (not measured per operation; timed as a whole).</summary>
    Task LoadAsync(Support.TimelineWorld world, IProgress<int> progress, CancellationToken cancellationToken);

    /// <summary>
    /// Makes <paramref name="users"/> active readers before the posts are replayed, as reading once would (Chirp builds
    /// a stored timeline on the first read and fans out only into stored ones). A no-op where every timeline is kept.
    /// </summary>
    Task ActivateAsync(IReadOnlyList<int> users, CancellationToken cancellationToken);

    /// <summary>Posts <paramref name="text"/> by <paramref name="user"/> as post <paramref name="post"/>.</summary>
    ValueTask CreatePostAsync(int user, long post, string text);

    /// <summary>Retweets post <paramref name="original"/> by <paramref name="user"/>, the retweet being number <paramref name="retweet"/>.</summary>
    ValueTask RetweetAsync(int user, long original, long retweet);

    /// <summary>Likes post <paramref name="post"/> by <paramref name="user"/>.</summary>
    ValueTask LikeAsync(int user, long post);

    /// <summary>Makes <paramref name="follower"/> follow <paramref name="followee"/> (their posts join the home timeline).</summary>
    ValueTask FollowAsync(int follower, int followee);

    /// <summary>Makes <paramref name="follower"/> stop following <paramref name="followee"/> (their posts leave the home timeline).</summary>
    ValueTask UnfollowAsync(int follower, int followee);

    /// <summary>Reads and hydrates the newest <paramref name="limit"/> entries of the user's home timeline; returns how many came back.</summary>
    ValueTask<int> ReadHomeAsync(int user, int limit);

    /// <summary>The newest <paramref name="limit"/> posts whose text holds <paramref name="word"/>, newest first; returns how many came back.</summary>
    ValueTask<int> SearchAsync(string word, int limit);

    /// <summary>Waits until fanout has inserted every acknowledged write into the stored timelines (at once for a pull system).</summary>
    Task WaitForFanoutAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits until the work a write causes besides fanout (Chirp's search indexing) is done, fanout held or not: the
    /// write phase lets fanout go only then, so that the drain is measured alone. At once where there is none.
    /// </summary>
    Task WaitForIndexingAsync(CancellationToken cancellationToken);

    /// <summary>Waits until every acknowledged write is in the stored timelines and searchable.</summary>
    Task WaitForQuiescenceAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Holds fanout back (writes are acknowledged and their fanout queued) or lets it go. The write phase holds it so
    /// that posts are measured alone, then lets the queue drain to measure fanout's own rate. A no-op for a pull system.
    /// </summary>
    void HoldFanout(bool hold);

    /// <summary>Timeline inserts the system has made so far (fanout and follow backfill); 0 for a pull system.</summary>
    long FanoutInserts { get; }

    /// <summary>
    /// The post numbers (no retweets) in the user's home timeline, newest first, at most <paramref name="max"/>: the
    /// cross-check (after <see cref="WaitForQuiescenceAsync"/>) and the fanout lag probe (during the mixed phase).
    /// </summary>
    Task<IReadOnlyList<long>> ReadHomePostsAsync(int user, int max);

    /// <summary>The post numbers matching <paramref name="word"/>, newest first, at most <paramref name="max"/>: the cross-check.</summary>
    Task<IReadOnlyList<long>> SearchPostsAsync(string word, int max);

    /// <summary>Bytes the stored timelines take and the entries they hold (null for a pull system).</summary>
    Task<TimelineMemory?> MeasureTimelineMemoryAsync();

    /// <summary>Bytes the system's files take on disk now.</summary>
    long DiskBytes();
}
