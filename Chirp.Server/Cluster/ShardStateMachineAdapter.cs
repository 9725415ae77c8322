using System.Buffers;
using Chirp.Engine;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster;

/// <summary>
/// The DotNext state machine of one shard's Raft log: it hands each committed entry, in log order, to
/// <see cref="ChirpEngine.ApplyReplicatedAsync"/>. The engine keeps its own applied index in the same RocksDB write as
/// the entry's effects, so this adapter holds no state of its own and publishes no snapshot: after a restart the write-
/// ahead log replays its whole committed log and entries at or below the engine's applied index (read once at start)
/// are skipped here, cheaply, before the engine would skip them itself.
/// </summary>
internal sealed class ShardStateMachineAdapter(ChirpEngine engine, int shardId) : IStateMachine
{
    // Entries at or below this were applied before this process started (the engine stored the index with them).
    private readonly long _appliedAtStart = engine.GetAppliedLogIndex(shardId);

    /// <summary>No snapshot: the engine's RocksDB is the state, and the log is kept whole in this first increment.</summary>
    public ISnapshot? Snapshot => null;

    public async ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        // A Raft leader's no-op entry at the start of its term and configuration entries carry no engine payload; the
        // engine accepts the gaps they leave in its indexes.
        if (entry.Index <= _appliedAtStart || entry.IsSnapshot || entry.IsConfiguration
            || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            return entry.Index;
        }

        // The payload is only valid during this call; ApplyReplicatedAsync completes once the entry is applied.
        ReadOnlyMemory<byte> bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        await engine.ApplyReplicatedAsync(shardId, entry.Index, bytes, entry.Context).ConfigureAwait(false);
        return entry.Index;
    }

    /// <summary>Nothing to reclaim: no snapshots are written.</summary>
    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token) => ValueTask.CompletedTask;
}
