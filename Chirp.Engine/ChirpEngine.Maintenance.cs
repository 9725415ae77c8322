using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;

namespace Chirp.Engine;

/// <summary>
/// Background upkeep: forgetting request ids older than <see cref="ChirpEngineOptions.RequestRetention"/>, dropping
/// the stored timelines of users inactive for <see cref="ChirpEngineOptions.InactiveAfter"/>, trimming the change
/// feeds (see <see cref="TrimChangeFeeds"/>), and compacting the timeline store's log when it has doubled.
/// </summary>
public sealed partial class ChirpEngine
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan TimelineCompactionCheck = TimeSpan.FromSeconds(5);

    /// <summary>Below this much log, compaction is not worth a pass.</summary>
    private const long MinimumCompactedLogBytes = 64L << 20;

    private readonly CancellationTokenSource _maintenanceStop = new();
    private Task _maintenance = Task.CompletedTask;
    private Task _timelineCompaction = Task.CompletedTask;
    private long _timelineLogAfterCompaction;

    private void StartMaintenance()
    {
        if (Options.HoldBackgroundWrites)
        {
            return;
        }

        _maintenance = Task.Run(MaintainAsync);
        _timelineCompaction = Task.Run(CompactTimelinesAsync);
    }

    /// <summary>
    /// Every copy-update of a timeline (growth, or an update of a record no longer in the mutable part of memory)
    /// leaves a superseded version in the FASTER log. When the log has doubled since the last compaction, compact.
    /// </summary>
    private async Task CompactTimelinesAsync()
    {
        using var timer = new PeriodicTimer(TimelineCompactionCheck);
        try
        {
            while (await timer.WaitForNextTickAsync(_maintenanceStop.Token).ConfigureAwait(false))
            {
                CompactTimelinesIfGrown();
            }
        }
        catch (OperationCanceledException) when (_maintenanceStop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Whether RocksDB is flushing or compacting on any shard (benchmarks wait for a settled store).</summary>
    internal bool IsStorageBusy()
    {
        using var pass = _gate.Enter();
        return _shards.Any(shard => shard.Store.Db.GetProperty("rocksdb.num-running-compactions") != "0"
            || shard.Store.Db.GetProperty("rocksdb.num-running-flushes") != "0"
            || shard.Store.Db.GetProperty("rocksdb.compaction-pending") != "0");
    }

    internal bool CompactTimelinesIfGrown()
    {
        long logBytes = Timelines.LogBytes;
        if (logBytes < MinimumCompactedLogBytes || logBytes < 2 * Volatile.Read(ref _timelineLogAfterCompaction))
        {
            return false;
        }

        Timelines.Compact();
        Volatile.Write(ref _timelineLogAfterCompaction, Timelines.LogBytes);
        return true;
    }

    private async Task MaintainAsync()
    {
        using var timer = new PeriodicTimer(MaintenanceInterval, Options.Clock);
        try
        {
            do
            {
                await PruneRequestsAsync().ConfigureAwait(false);
                DropInactiveTimelines();
                TrimChangeFeeds();
            }
            while (await timer.WaitForNextTickAsync(_maintenanceStop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_maintenanceStop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The engine closed while a prune was queued; the next open prunes.
        }
    }

    /// <summary>Forgets, on every shard, the request ids applied before now minus the retention.</summary>
    internal async Task PruneRequestsAsync()
    {
        long before = (Options.Clock.GetUtcNow() - Options.RequestRetention).ToUnixTimeMilliseconds();
        foreach (var shard in _shards)
        {
            if (!shard.TryGetLead(out _))
            {
                // The shard's leader prunes, through the log, for every replica.
                continue;
            }

            ApplyResult result;
            try
            {
                do
                {
                    result = await shard.SubmitAsync(new PruneRequests { BeforeMs = before }).ConfigureAwait(false);
                }
                while (result.Id == 10_000 && !_maintenanceStop.IsCancellationRequested);
            }
            catch (ChirpException moved) when (moved.ErrorCode is ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown)
            {
                // The lead moved while pruning: whoever leads now prunes at its next pass.
            }
        }
    }

    private void StopMaintenance()
    {
        _maintenanceStop.Cancel();
        try
        {
            _maintenance.GetAwaiter().GetResult();
            _timelineCompaction.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _maintenanceStop.Dispose();
    }
}
