namespace Chirp.Bench.Support;

/// <summary>What <see cref="PostReplay"/> measured.</summary>
/// <param name="TweetIds">The id of each post, by post number (0 where the create failed).</param>
/// <param name="Failures">Creates that threw.</param>
/// <param name="CreateSeconds">From the first create's start to the last create's return.</param>
/// <param name="TotalSeconds">From the first create's start until <c>WaitForFanoutAsync</c> returned.</param>
/// <param name="FanoutInserts">Growth of <c>FanoutInserts</c> over the run.</param>
/// <param name="InsertsAtLastCreate">Growth of <c>FanoutInserts</c> until the last create returned (read just after).</param>
/// <param name="CreateLatency">Latency of each create.</param>
/// <param name="PolledLag">Create returned → visible in a follower's home timeline, sampled (see <see cref="FanoutLagSampler"/>); null when not sampled.</param>
/// <param name="PollTimeouts">Lag samples given up.</param>
/// <param name="StatisticsLagMs">The engine's <c>FanoutLag</c> (ms) read every few milliseconds while creates ran.</param>
/// <param name="MaxQueueDepth">The largest <c>FanoutQueueDepth</c> seen at those reads.</param>
/// <param name="MaxPoolThreads">The most thread-pool threads seen at those reads (the pool starts with one per CPU).</param>
/// <param name="MaxPendingWorkItems">The longest thread-pool queue seen at those reads.</param>
/// <param name="ProcessCpuSeconds">CPU time of this process over the run.</param>
/// <param name="MachineBusyCores">Busy cores of the whole machine over the run, from /proc/stat (NaN elsewhere).</param>
public sealed record ReplayResult(
    long[] TweetIds,
    long Failures,
    double CreateSeconds,
    double TotalSeconds,
    long FanoutInserts,
    long InsertsAtLastCreate,
    LatencySummary CreateLatency,
    LatencySummary? PolledLag,
    int PollTimeouts,
    long[] StatisticsLagMs,
    long MaxQueueDepth,
    int MaxPoolThreads,
    long MaxPendingWorkItems,
    double ProcessCpuSeconds,
    double MachineBusyCores)
{
    /// <summary>Creates that succeeded.</summary>
    public long Creates => TweetIds.LongLength - Failures;

    public double CreatesPerSecond => Creates / CreateSeconds;

    /// <summary>Fanout inserts per second of the whole run (first create until fanout caught up).</summary>
    public double InsertsPerSecond => FanoutInserts / TotalSeconds;

    /// <summary>Time fanout needed after the last create returned.</summary>
    public double DrainSeconds => TotalSeconds - CreateSeconds;

    /// <summary>
    /// Fanout inserts per second after the last create returned, when fanout ran alone; NaN if it had (almost) nothing
    /// left. This is fanout's own rate when creates outran it.
    /// </summary>
    public double DrainInsertsPerSecond => DrainSeconds > 0.05 ? (FanoutInserts - InsertsAtLastCreate) / DrainSeconds : double.NaN;
}
