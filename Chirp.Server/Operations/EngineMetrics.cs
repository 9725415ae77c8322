using System.Globalization;
using Chirp.Engine;
using Prometheus;

namespace Chirp.Server.Operations;

/// <summary>
/// The engine's numbers as Prometheus gauges, read from the engine just before each scrape: fanout queue depth, lag,
/// inserts and failures; timeline memory; the outbox and its dead letters; read-cache hits, misses and hit ratio; and, per shard, RocksDB
/// sizes and compactions and the search index lag, backlog and size.
/// </summary>
/// <remarks>
/// Each server has its own registry, so that several servers in one process (tests, the benchmark's HTTP system) each
/// export their own engine, and a server's gauges never read an engine that another server has closed.
/// </remarks>
public sealed class EngineMetrics
{
    private readonly Gauge _fanoutQueueDepth;
    private readonly Gauge _fanoutLag;
    private readonly Gauge _fanoutInserts;
    private readonly Gauge _fanoutFailures;
    private readonly Gauge _activeTimelines;
    private readonly Gauge _timelineBytes;
    private readonly Gauge _outboxDepth;
    private readonly Gauge _deadLetters;
    private readonly Gauge _shardFailures;
    private readonly Gauge _searchLag;
    private readonly Gauge _searchBacklog;
    private readonly Gauge _searchDocuments;
    private readonly Gauge _searchBytes;
    private readonly Gauge _cacheHits;
    private readonly Gauge _cacheMisses;
    private readonly Gauge _cacheHitRatio;
    private readonly Gauge _rocksDbBytes;
    private readonly Gauge _rocksDbCompactions;
    private readonly Gauge _raftLeader;
    private readonly Gauge _raftTerm;
    private readonly Gauge _raftCommitIndex;
    private readonly Gauge _raftAppliedIndex;
    private readonly Gauge _raftLeaderChanges;
    private readonly Gauge _raftApplyLag;
    private readonly Gauge _raftSnapshotIndex;
    private readonly Gauge _raftSnapshotInstalls;
    private readonly Gauge _raftSnapshotInstalledBytes;

    public EngineMetrics(EngineHost host)
    {
        Registry = Metrics.NewCustomRegistry();
        DotNetStats.Register(Registry);
        var factory = Metrics.WithCustomRegistry(Registry);
        _fanoutQueueDepth = factory.CreateGauge("chirp_fanout_queue_depth", "Committed changes not yet fanned out, all shards.");
        _fanoutLag = factory.CreateGauge("chirp_fanout_lag_seconds", "Commit to end of fanout of the last change, worst shard.");
        _fanoutInserts = factory.CreateGauge("chirp_fanout_inserts", "Timeline inserts by fanout since the engine opened.");
        _fanoutFailures = factory.CreateGauge("chirp_fanout_failures", "Fanout attempts that failed and were retried.");
        _activeTimelines = factory.CreateGauge("chirp_timelines_active", "Users with a stored home timeline.");
        _timelineBytes = factory.CreateGauge("chirp_timeline_bytes", "Home timeline store bytes.", "kind");
        _outboxDepth = factory.CreateGauge("chirp_outbox_depth", "Cross-shard messages written but not yet applied.");
        _deadLetters = factory.CreateGauge("chirp_outbox_dead_letters", "Cross-shard messages their target refused, kept for an operator; never retried.");
        _shardFailures = factory.CreateGauge("chirp_shard_apply_failures", "Write groups a shard failed to apply (a bug or a storage error) and dropped whole since the engine opened.");
        _searchLag = factory.CreateGauge("chirp_search_lag_seconds", "Age of the oldest change not yet searchable.", "shard");
        _searchBacklog = factory.CreateGauge("chirp_search_backlog", "Changes committed but not yet searchable.", "shard");
        _searchDocuments = factory.CreateGauge("chirp_search_documents", "Documents in the search index.", "shard");
        _searchBytes = factory.CreateGauge("chirp_search_index_bytes", "Search index size.", "shard");
        _cacheHits = factory.CreateGauge("chirp_read_cache_hits", "Read-cache lookups answered from memory since the engine opened.", "cache");
        _cacheMisses = factory.CreateGauge("chirp_read_cache_misses", "Read-cache lookups that read the database.", "cache");
        _cacheHitRatio = factory.CreateGauge("chirp_read_cache_hit_ratio", "Hits over lookups since the engine opened.", "cache");
        _rocksDbBytes = factory.CreateGauge("chirp_rocksdb_bytes", "RocksDB sizes per shard: live data, table files, memtables, pending compaction.", "shard", "kind");
        _rocksDbCompactions = factory.CreateGauge("chirp_rocksdb_running_compactions", "RocksDB compactions running now.", "shard");
        _raftLeader = factory.CreateGauge("chirp_raft_is_leader", "1 when this node's replica of the shard leads its Raft group, else 0 (cluster nodes only).", "shard");
        _raftTerm = factory.CreateGauge("chirp_raft_term", "The Raft term of this node's replica of the shard.", "shard");
        _raftCommitIndex = factory.CreateGauge("chirp_raft_commit_index", "The last log index this replica knows to be committed.", "shard");
        _raftAppliedIndex = factory.CreateGauge("chirp_raft_applied_index", "The last log index this replica applied; commit minus applied is its apply lag.", "shard");
        _raftLeaderChanges = factory.CreateGauge("chirp_raft_leader_changes", "Leader changes this replica saw since it started.", "shard");
        _raftApplyLag = factory.CreateGauge("chirp_raft_apply_lag_entries", "Committed log entries this replica has not applied yet (commit index minus applied index).", "shard");
        _raftSnapshotIndex = factory.CreateGauge("chirp_raft_snapshot_index", "The log index of this replica's published snapshot (the log before it may be deleted); 0 for none.", "shard");
        _raftSnapshotInstalls = factory.CreateGauge("chirp_raft_snapshot_installs", "Snapshots this replica received from a leader and installed since the process started.", "shard");
        _raftSnapshotInstalledBytes = factory.CreateGauge("chirp_raft_snapshot_installed_bytes", "The bytes of the snapshots this replica installed since the process started.", "shard");
        Registry.AddBeforeCollectCallback(() => host.UseWhileOpen(Collect));
        Registry.AddBeforeCollectCallback(() => CollectRaft(host));
    }

    /// <summary>This server's registry: the engine's gauges, the HTTP metrics and the process's .NET numbers.</summary>
    public CollectorRegistry Registry { get; }

    private void CollectRaft(EngineHost host)
    {
        foreach (var replica in host.Replicas)
        {
            var statistics = replica.GetStatistics();
            string shard = statistics.ShardId.ToString(CultureInfo.InvariantCulture);
            _raftLeader.WithLabels(shard).Set(statistics.IsLeader ? 1 : 0);
            _raftTerm.WithLabels(shard).Set(statistics.Term);
            _raftCommitIndex.WithLabels(shard).Set(statistics.CommitIndex);
            _raftAppliedIndex.WithLabels(shard).Set(statistics.AppliedIndex);
            _raftLeaderChanges.WithLabels(shard).Set(statistics.LeaderChanges);
            _raftApplyLag.WithLabels(shard).Set(Math.Max(0, statistics.CommitIndex - statistics.AppliedIndex));
            _raftSnapshotIndex.WithLabels(shard).Set(statistics.SnapshotIndex);
            _raftSnapshotInstalls.WithLabels(shard).Set(statistics.SnapshotInstalls);
            _raftSnapshotInstalledBytes.WithLabels(shard).Set(statistics.SnapshotInstalledBytes);
        }
    }

    private void Collect(ChirpEngine engine)
    {
        var timelines = engine.GetTimelineStatistics();
        _fanoutQueueDepth.Set(timelines.FanoutQueueDepth);
        _fanoutLag.Set(timelines.FanoutLag.TotalSeconds);
        _fanoutInserts.Set(timelines.FanoutInserts);
        _fanoutFailures.Set(timelines.FanoutFailures);
        _activeTimelines.Set(timelines.ActiveTimelines);
        _timelineBytes.WithLabels("log").Set(timelines.LogBytes);
        _timelineBytes.WithLabels("spilled").Set(timelines.SpilledBytes);
        _timelineBytes.WithLabels("index").Set(timelines.IndexBytes);
        _outboxDepth.Set(engine.GetOutboxDepth());
        _deadLetters.Set(engine.GetDeadLetterCount());
        _shardFailures.Set(engine.GetShardFailureCount());
        foreach (var cache in engine.GetCacheStatistics())
        {
            _cacheHits.WithLabels(cache.Name).Set(cache.Hits);
            _cacheMisses.WithLabels(cache.Name).Set(cache.Misses);
            long lookups = cache.Hits + cache.Misses;
            _cacheHitRatio.WithLabels(cache.Name).Set(lookups == 0 ? 0 : (double)cache.Hits / lookups);
        }

        foreach (var shard in engine.GetStorageStatistics())
        {
            string label = shard.Shard.ToString(CultureInfo.InvariantCulture);
            _rocksDbBytes.WithLabels(label, "live_data").Set(shard.LiveDataBytes);
            _rocksDbBytes.WithLabels(label, "sst_files").Set(shard.SstFileBytes);
            _rocksDbBytes.WithLabels(label, "memtables").Set(shard.MemtableBytes);
            _rocksDbBytes.WithLabels(label, "pending_compaction").Set(shard.PendingCompactionBytes);
            _rocksDbCompactions.WithLabels(label).Set(shard.RunningCompactions);
        }

        if (engine.Options.IndexForSearch)
        {
            foreach (var shard in engine.GetSearchStatistics())
            {
                string label = shard.Shard.ToString(CultureInfo.InvariantCulture);
                _searchLag.WithLabels(label).Set(shard.Lag.TotalSeconds);
                _searchBacklog.WithLabels(label).Set(shard.AppliedPosition - shard.SearchablePosition);
                _searchDocuments.WithLabels(label).Set(shard.Documents);
                _searchBytes.WithLabels(label).Set(shard.IndexBytes);
            }
        }
    }
}
