using Prometheus;

namespace Chirp.Server.Operations;

/// <summary>
/// The engine's numbers as Prometheus gauges, read from the engine just before each scrape: fanout queue depth, lag,
/// inserts and failures; timeline memory; the outbox; and, per shard, the search index lag, backlog and size.
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
