namespace Chirp.Bench.Support;

/// <summary>The options of the <c>search</c> benchmark, as parsed.</summary>
/// <param name="Posts">Tweets created in the load.</param>
/// <param name="Users">Accounts the tweets are posted by.</param>
/// <param name="Shards">Shard count.</param>
/// <param name="Concurrency">Creates in flight during the load (and at most for the paced writer).</param>
/// <param name="Seconds">Seconds measured per query run.</param>
/// <param name="Threads">Threads of the concurrent query run.</param>
/// <param name="LagRate">Tweets/s of the paced writer during the lag measurement.</param>
/// <param name="LagSeconds">Seconds of the lag measurement.</param>
/// <param name="RefreshMs">The engine's SearchRefreshInterval in ms.</param>
/// <param name="SkipRebuild">Skip the index rebuild.</param>
/// <param name="SkipLag">Skip the lag measurement.</param>
/// <param name="Seed">Seed of the authors, query sets and paced writer.</param>
/// <param name="Directory">Parent of the temporary engine directory; null for the system temp directory.</param>
public sealed record SearchBenchSettings(
    int Posts, int Users, int Shards, int Concurrency, int Seconds, int Threads, int LagRate, int LagSeconds, int RefreshMs,
    bool SkipRebuild, bool SkipLag, int Seed, string? Directory);
