namespace Chirp.Engine;

/// <summary>Progress of <see cref="ChirpEngine.RebuildSearchIndexAsync"/>.</summary>
/// <param name="ShardsDone">Shards whose new index is committed and searchable.</param>
/// <param name="ShardCount">Shards in all.</param>
/// <param name="Documents">Tweets, retweets and users indexed so far.</param>
public sealed record SearchRebuildProgress(int ShardsDone, int ShardCount, long Documents);
