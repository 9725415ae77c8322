namespace Chirp.Engine;

/// <summary>Numbers about home timelines, for metrics.</summary>
/// <param name="FanoutQueueDepth">Committed changes not yet fanned out, over all shards.</param>
/// <param name="FanoutLag">On the shard that lags most: time from the commit of the last change fanned out to the end of its fanout.</param>
/// <param name="FanoutInserts">Timeline inserts made by fanout and follow backfill since the engine opened.</param>
/// <param name="ActiveTimelines">Users with a stored timeline (read within <see cref="ChirpEngineOptions.InactiveAfter"/>).</param>
/// <param name="PullAuthors">Authors with tweets that were not fanned out (celebrities, now or before).</param>
/// <param name="LogBytes">Bytes of the timeline store's log, in memory and spilled.</param>
/// <param name="SpilledBytes">Bytes of the log spilled to disk past <see cref="ChirpEngineOptions.TimelineMemoryBytes"/>.</param>
/// <param name="IndexBytes">Bytes of the timeline store's hash index.</param>
/// <param name="FanoutFailures">Fanout attempts that failed with a storage error and were retried, since the engine opened.</param>
public sealed record TimelineStatistics(
    long FanoutQueueDepth,
    TimeSpan FanoutLag,
    long FanoutInserts,
    long ActiveTimelines,
    long PullAuthors,
    long LogBytes,
    long SpilledBytes,
    long IndexBytes,
    long FanoutFailures);
