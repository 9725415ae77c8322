using System.Buffers;
using Chirp.Engine;
using Chirp.Server.Cluster.Snapshots;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Chirp.Server.Cluster;

/// <summary>
/// The DotNext state machine of one shard's Raft log: it hands each committed entry, in log order, to
/// <see cref="ChirpEngine.ApplyReplicatedAsync"/>, takes and publishes the shard's snapshots (<see cref="ShardSnapshots"/>),
/// and installs the snapshot a leader sends when this replica is behind the leader's log. The engine keeps its applied
/// index in the same RocksDB write as the entry's effects: after a restart the write-ahead log replays the entries after
/// the published snapshot, and those at or below the engine's applied index (read once at start) are skipped here.
/// </summary>
internal sealed class ShardStateMachineAdapter : IStateMachine
{
    private readonly ChirpEngine _engine;
    private readonly int _shardId;
    private long _appliedAtStart;

    /// <summary>Creates the adapter and recovers the replica's snapshots (before the write-ahead log opens: it reads <see cref="Snapshot"/>).</summary>
    public ShardStateMachineAdapter(ChirpEngine engine, int shardId, ShardSnapshots snapshots)
    {
        _engine = engine;
        _shardId = shardId;
        Snapshots = snapshots;
        snapshots.Recover();
        _appliedAtStart = engine.GetAppliedLogIndex(shardId);
    }

    public ShardSnapshots Snapshots { get; }

    public ISnapshot? Snapshot => Snapshots.Published;

    public async ValueTask<long> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsSnapshot)
        {
            long installed = await Snapshots.ReceiveAsync(entry, token).ConfigureAwait(false);
            _appliedAtStart = Math.Max(_appliedAtStart, installed);
            return installed;
        }

        // A Raft leader's no-op entry at the start of its term and configuration entries carry no engine payload; the
        // engine accepts the gaps they leave in its indexes.
        if (entry.Index <= _appliedAtStart || entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            return entry.Index;
        }

        // The payload is only valid during this call; ApplyReplicatedAsync completes once the entry is applied.
        ReadOnlyMemory<byte> bytes = payload.IsSingleSegment ? payload.First : payload.ToArray();
        await _engine.ApplyReplicatedAsync(_shardId, entry.Index, bytes, entry.Context).ConfigureAwait(false);
        await Snapshots.AfterAppliedAsync(entry.Index, entry.Term, token).ConfigureAwait(false);
        return entry.Index;
    }

    public ValueTask ReclaimGarbageAsync(long watermark, CancellationToken token)
    {
        Snapshots.Reclaim(watermark);
        return ValueTask.CompletedTask;
    }
}
