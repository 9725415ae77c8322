namespace Chirp.Server.Cluster;

/// <summary>How every shard replica of a node runs its Raft group (from <see cref="ClusterOptions"/>).</summary>
/// <param name="LowerElectionTimeoutMs">
/// The shortest election timeout. 1000 ms by default: with a Raft group per shard, shorter timeouts caused spurious
/// elections from CPU starvation in measurements on 2 cores (RAFT-NOTES §5); heartbeats go out every lower/2.
/// </param>
/// <param name="UpperElectionTimeoutMs">The longest election timeout.</param>
/// <param name="RequestTimeoutMs">
/// How long one Raft request may take. A snapshot travels as one request (its install on the follower included), so
/// this bounds the snapshot a replica can receive: about this many milliseconds times the transfer rate.
/// </param>
/// <param name="SnapshotEveryEntries">
/// Applied entries between two snapshots of a shard. A snapshot is published (and the log before it deleted) only once
/// the next is taken, so a replica that falls fewer entries behind catches up from the log, not by a whole snapshot.
/// </param>
public sealed record RaftReplicaSettings(
    int LowerElectionTimeoutMs = 1000,
    int UpperElectionTimeoutMs = 2000,
    int RequestTimeoutMs = 5000,
    long SnapshotEveryEntries = 100_000);
