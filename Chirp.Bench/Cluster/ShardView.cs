namespace Chirp.Bench.Cluster;

/// <summary>One shard replica as its node reports it in GET /api/v1/chirp/cluster.</summary>
public sealed record ShardView(int Shard, bool IsLeader, bool Ready, long LeaderChanges);
