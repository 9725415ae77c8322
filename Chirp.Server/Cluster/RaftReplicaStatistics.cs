namespace Chirp.Server.Cluster;

/// <summary>One shard replica's Raft state at a moment, for metrics.</summary>
/// <param name="ShardId">The shard.</param>
/// <param name="IsLeader">Whether this replica leads its group now.</param>
/// <param name="Term">The Raft term this replica is in.</param>
/// <param name="CommitIndex">The last log index this replica knows to be committed.</param>
/// <param name="AppliedIndex">The last log index this replica applied to the engine.</param>
/// <param name="LeaderChanges">Leader changes this replica saw since it started.</param>
/// <param name="SnapshotIndex">The log index of the published snapshot (the log before it may be gone); 0 for none.</param>
/// <param name="SnapshotInstalls">Snapshots received from a leader and installed since the process started.</param>
/// <param name="SnapshotInstalledBytes">The bytes of those snapshots.</param>
public sealed record RaftReplicaStatistics(
    int ShardId, bool IsLeader, long Term, long CommitIndex, long AppliedIndex, long LeaderChanges, long SnapshotIndex, long SnapshotInstalls, long SnapshotInstalledBytes);
