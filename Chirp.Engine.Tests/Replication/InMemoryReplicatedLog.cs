using Chirp.Engine.Replication;

namespace Chirp.Engine.Tests.Replication;

/// <summary>
/// The simplest replicated log that keeps the contract of <see cref="IShardReplication"/>: one fixed leader, an entry is
/// committed as it is appended, and every replica applies every entry in index order (the appender with its context).
/// It models what a Raft group does for the engine, without elections; the DotNext-backed log is tested in Cluster/.
/// </summary>
internal sealed class InMemoryReplicatedLog
{
    private readonly SemaphoreSlim _order = new(1, 1);
    private readonly List<ChirpEngine> _replicas = [];
    private long _lastIndex;

    /// <summary>Indexes taken by entries that are not the engine's (as a Raft log's own entries would).</summary>
    public int SkipEvery { get; init; }

    public int Leader { get; set; }

    public IShardReplication Member(int node) => new LogMember(this, node);

    public void Add(ChirpEngine replica) => _replicas.Add(replica);

    private async ValueTask AppendAsync(int node, int shardId, ReadOnlyMemory<byte> entry, object context)
    {
        if (node != Leader)
        {
            throw new ChirpException(ChirpErrorCode.NotLeader, $"Node {node} does not lead shard {shardId}; node {Leader} does.");
        }

        byte[] copy = entry.ToArray();
        await _order.WaitAsync().ConfigureAwait(false);
        try
        {
            long index = ++_lastIndex;
            if (SkipEvery > 0 && index % SkipEvery == 0)
            {
                index = ++_lastIndex;
            }

            for (int replica = 0; replica < _replicas.Count; replica++)
            {
                await _replicas[replica].ApplyReplicatedAsync(shardId, index, copy, replica == node ? context : null).ConfigureAwait(false);
            }
        }
        finally
        {
            _order.Release();
        }
    }

    private sealed class LogMember(InMemoryReplicatedLog log, int node) : IShardReplication
    {
        public bool TryGetLead(int shardId, out CancellationToken lead)
        {
            lead = CancellationToken.None;
            return node == log.Leader;
        }

        public ValueTask ReplicateAsync(int shardId, ReadOnlyMemory<byte> entry, object context, CancellationToken lead) =>
            log.AppendAsync(node, shardId, entry, context);

        public async ValueTask<ReadOnlyMemory<byte>> ForwardAsync(int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken) =>
            await log._replicas[log.Leader].ExecuteForwardedAsync(shardId, request.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
