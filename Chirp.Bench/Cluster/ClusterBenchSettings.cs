namespace Chirp.Bench.Cluster;

/// <summary>The options of <c>cluster</c> (see ClusterCommand for each one's meaning).</summary>
public sealed record ClusterBenchSettings(
    IReadOnlyList<string> Phases,
    int Nodes,
    int Shards,
    int Users,
    int Follows,
    int Concurrency,
    int Seconds,
    int Warmup,
    int Kills,
    int FailoverConcurrency,
    int LagRate,
    int IdleSeconds,
    int SnapshotEveryEntries,
    int FillSeconds,
    int DownSeconds,
    int Seed,
    string? Directory);
