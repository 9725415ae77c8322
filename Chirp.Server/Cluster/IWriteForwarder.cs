using System.Net;

namespace Chirp.Server.Cluster;

/// <summary>
/// Carries a forwarded write to the node whose replica leads a shard (known by its Raft endpoint) and brings back that
/// node's answer (the bytes of its <c>ChirpEngine.ExecuteForwardedAsync</c>). The node protocol implements it between
/// processes; throw <c>ChirpException</c> NotLeader when the node cannot be reached (nothing was sent) and
/// WriteOutcomeUnknown when the request was sent but no answer came.
/// </summary>
public interface IWriteForwarder
{
    ValueTask<ReadOnlyMemory<byte>> ForwardAsync(EndPoint leaderRaftEndPoint, int shardId, ReadOnlyMemory<byte> request, CancellationToken cancellationToken);
}
