namespace Chirp.Bench.Workload;

/// <summary>Everything measured on one system in a run.</summary>
/// <param name="Name">The system.</param>
/// <param name="Description">What ran (version, settings).</param>
/// <param name="Rows">One row per operation.</param>
/// <param name="LoadSeconds">Creating the world's users and follows.</param>
/// <param name="FanoutDrainSeconds">From the last create's return until fanout had inserted everything (null for a pull system).</param>
/// <param name="FanoutInserts">Timeline inserts of the write phase.</param>
/// <param name="TimelineMemory">The stored timelines' memory after the write phase (null for a pull system).</param>
/// <param name="DiskBytes">The system's files at the end.</param>
/// <param name="PeakRssBytes">The peak memory of its processes over the run.</param>
/// <param name="HarnessBytes">For an in-process system, the harness's own resident set when it started (in the peak).</param>
/// <param name="HomePosts">The cross-check's home timelines (posts, no retweets), by user.</param>
/// <param name="SearchPosts">The cross-check's search results, by word (empty without search).</param>
public sealed record SystemRun(
    string Name,
    string Description,
    IReadOnlyList<OperationResult> Rows,
    double LoadSeconds,
    double? FanoutDrainSeconds,
    long FanoutInserts,
    TimelineMemory? TimelineMemory,
    long DiskBytes,
    long PeakRssBytes,
    long HarnessBytes,
    IReadOnlyDictionary<int, IReadOnlyList<long>> HomePosts,
    IReadOnlyDictionary<string, IReadOnlyList<long>> SearchPosts);
