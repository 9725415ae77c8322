namespace Chirp.Engine;

/// <summary>How far the search index of one shard is behind its change feed, and how big it is.</summary>
/// <param name="Shard">The shard.</param>
/// <param name="AppliedPosition">The shard's last committed change-feed position.</param>
/// <param name="SearchablePosition">Changes up to this position are visible to searches.</param>
/// <param name="CommittedPosition">Changes up to this position are in the index on disk; a restart resumes here.</param>
/// <param name="Lag">
/// How long the oldest change not yet searchable has been waiting (zero when search is caught up): the index lag.
/// </param>
/// <param name="Documents">Tweets, retweets and users in the index.</param>
/// <param name="IndexBytes">The index's size on disk.</param>
/// <param name="Segments">Index segments searched; each costs a term lookup per query word.</param>
/// <param name="Failures">Indexing attempts that failed and were retried since the engine opened.</param>
public sealed record SearchStatistics(
    int Shard,
    long AppliedPosition,
    long SearchablePosition,
    long CommittedPosition,
    TimeSpan Lag,
    long Documents,
    long IndexBytes,
    int Segments,
    long Failures);
