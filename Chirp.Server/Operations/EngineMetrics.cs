using Prometheus;

namespace Chirp.Server.Operations;

/// <summary>
/// The engine's numbers as Prometheus gauges, read from the engine just before each scrape: fanout queue depth, lag,
/// inserts and failures; timeline memory; the outbox; read-cache hits, misses and hit ratio; and, per shard, RocksDB
/// sizes and compactions and the search index lag, backlog and size.
/// </summary>
public static class EngineMetrics
{
    private static readonly Gauge FanoutQueueDepth = Metrics.CreateGauge("chirp_fanout_queue_depth", "Committed changes not yet fanned out, all shards.");
    private static readonly Gauge FanoutLag = Metrics.CreateGauge("chirp_fanout_lag_seconds", "Commit to end of fanout of the last change, worst shard.");
    private static readonly Gauge FanoutInserts = Metrics.CreateGauge("chirp_fanout_inserts", "Timeline inserts by fanout since the engine opened.");
    private static readonly Gauge FanoutFailures = Metrics.CreateGauge("chirp_fanout_failures", "Fanout attempts that failed and were retried.");
    private static readonly Gauge ActiveTimelines = Metrics.CreateGauge("chirp_timelines_active", "Users with a stored home timeline.");
    private static readonly Gauge TimelineBytes = Metrics.CreateGauge("chirp_timeline_bytes", "Home timeline store bytes.", "kind");
    private static readonly Gauge OutboxDepth = Metrics.CreateGauge("chirp_outbox_depth", "Cross-shard messages written but not yet applied.");
    private static readonly Gauge SearchLag = Metrics.CreateGauge("chirp_search_lag_seconds", "Age of the oldest change not yet searchable.", "shard");
    private static readonly Gauge SearchBacklog = Metrics.CreateGauge("chirp_search_backlog", "Changes committed but not yet searchable.", "shard");
    private static readonly Gauge SearchDocuments = Metrics.CreateGauge("chirp_search_documents", "Documents in the search index.", "shard");
    private static readonly Gauge SearchBytes = Metrics.CreateGauge("chirp_search_index_bytes", "Search index size.", "shard");
    private static readonly Gauge CacheHits = Metrics.CreateGauge("chirp_read_cache_hits", "Read-cache lookups answered from memory since the engine opened.", "cache");
    private static readonly Gauge CacheMisses = Metrics.CreateGauge("chirp_read_cache_misses", "Read-cache lookups that read the database.", "cache");
    private static readonly Gauge CacheHitRatio = Metrics.CreateGauge("chirp_read_cache_hit_ratio", "Hits over lookups since the engine opened.", "cache");
    private static readonly Gauge RocksDbBytes = Metrics.CreateGauge("chirp_rocksdb_bytes", "RocksDB sizes per shard: live data, table files, memtables, pending compaction.", "shard", "kind");
    private static readonly Gauge RocksDbCompactions = Metrics.CreateGauge("chirp_rocksdb_running_compactions", "RocksDB compactions running now.", "shard");

    public static void Register(IServiceProvider services)
    {
        var host = services.GetRequiredService<EngineHost>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() =>
        {
            if (!host.IsOpen)
            {
                return;
            }

            var engine = host.Engine;
            var timelines = engine.GetTimelineStatistics();
            FanoutQueueDepth.Set(timelines.FanoutQueueDepth);
            FanoutLag.Set(timelines.FanoutLag.TotalSeconds);
            FanoutInserts.Set(timelines.FanoutInserts);
            FanoutFailures.Set(timelines.FanoutFailures);
            ActiveTimelines.Set(timelines.ActiveTimelines);
            TimelineBytes.WithLabels("log").Set(timelines.LogBytes);
            TimelineBytes.WithLabels("spilled").Set(timelines.SpilledBytes);
            TimelineBytes.WithLabels("index").Set(timelines.IndexBytes);
            OutboxDepth.Set(engine.GetOutboxDepth());
            foreach (var cache in engine.GetCacheStatistics())
            {
                CacheHits.WithLabels(cache.Name).Set(cache.Hits);
                CacheMisses.WithLabels(cache.Name).Set(cache.Misses);
                long lookups = cache.Hits + cache.Misses;
                CacheHitRatio.WithLabels(cache.Name).Set(lookups == 0 ? 0 : (double)cache.Hits / lookups);
            }

            foreach (var shard in engine.GetStorageStatistics())
            {
                string label = shard.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
                RocksDbBytes.WithLabels(label, "live_data").Set(shard.LiveDataBytes);
                RocksDbBytes.WithLabels(label, "sst_files").Set(shard.SstFileBytes);
                RocksDbBytes.WithLabels(label, "memtables").Set(shard.MemtableBytes);
                RocksDbBytes.WithLabels(label, "pending_compaction").Set(shard.PendingCompactionBytes);
                RocksDbCompactions.WithLabels(label).Set(shard.RunningCompactions);
            }

            if (engine.Options.IndexForSearch)
            {
                foreach (var shard in engine.GetSearchStatistics())
                {
                    string label = shard.Shard.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    SearchLag.WithLabels(label).Set(shard.Lag.TotalSeconds);
                    SearchBacklog.WithLabels(label).Set(shard.AppliedPosition - shard.SearchablePosition);
                    SearchDocuments.WithLabels(label).Set(shard.Documents);
                    SearchBytes.WithLabels(label).Set(shard.IndexBytes);
                }
            }
        });
    }
}
