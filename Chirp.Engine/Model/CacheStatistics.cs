namespace Chirp.Engine;

/// <summary>How well one of the engine's read caches serves (summed over the shards), for metrics.</summary>
/// <param name="Name">The cache: <c>tweets</c>, <c>users</c>, <c>counters</c>, <c>follower_lists</c> or <c>followed_pull_authors</c>.</param>
/// <param name="Hits">Lookups answered from memory since the engine opened.</param>
/// <param name="Misses">Lookups that read the database.</param>
public sealed record CacheStatistics(string Name, long Hits, long Misses);
