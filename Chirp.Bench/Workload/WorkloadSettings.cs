namespace Chirp.Bench.Workload;

/// <summary>The size and shape of a workload run. Every system gets exactly this work.</summary>
/// <param name="Edges">Follow edges read from the start of the real graph (null: all).</param>
/// <param name="Celebrities">Synthetic celebrities added to the graph (see <see cref="Support.TimelineWorld"/>).</param>
/// <param name="CelebrityTopShare">The share of graph users following the first celebrity (the next follow half as many each).</param>
/// <param name="CelebrityPostShare">The share of posts written by celebrities.</param>
/// <param name="Posts">Posts replayed in the write phase (the corpus repeats, with new numbers, when this exceeds it).</param>
/// <param name="Reads">Home-timeline reads in the read phase.</param>
/// <param name="Searches">Searches in the search phase.</param>
/// <param name="MixOperations">Operations in the mixed phase.</param>
/// <param name="Concurrency">Operations in flight in each phase (closed loops).</param>
/// <param name="MixRate">Operations per second offered in the mixed phase (open loop); 0 runs it at saturation.</param>
/// <param name="PageSize">Entries per home-timeline read and results per search.</param>
/// <param name="Shards">Shards of the Chirp engine.</param>
/// <param name="CrossCheckUsers">Home timelines compared across systems after the write phase.</param>
/// <param name="CrossCheckWords">Search words compared across systems.</param>
/// <param name="WarmupShare">The share of each phase's operations run first and not measured.</param>
/// <param name="PhaseTimeout">A phase stops issuing operations after this long (a slow system measures what it did).</param>
/// <param name="MinimumReadTime">
/// The read and search phases go round their operations again until this much has been measured, so that a fast
/// system is not measured over a fraction of a second (writes and the mixed phase never repeat).
/// </param>
/// <param name="Seed">Seeds every random draw, so that every system and every run gets the same work.</param>
public sealed record WorkloadSettings(
    long? Edges,
    int Celebrities,
    double CelebrityTopShare,
    double CelebrityPostShare,
    int Posts,
    int Reads,
    int Searches,
    int MixOperations,
    int Concurrency,
    double MixRate,
    int PageSize,
    int Shards,
    int CrossCheckUsers,
    int CrossCheckWords,
    double WarmupShare,
    TimeSpan PhaseTimeout,
    TimeSpan MinimumReadTime,
    int Seed)
{
    /// <summary>The settings of a scale; options on the command line override single fields.</summary>
    public static WorkloadSettings ForScale(WorkloadScale scale) => scale switch
    {
        WorkloadScale.Small => new(60_000, 3, 0.30, 0.02, 30_000, 20_000, 2_000, 15_000, 32, 0, 20, 4, 200, 100, 0.2, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(3), 20261202),
        WorkloadScale.Medium => new(300_000, 4, 0.30, 0.02, 150_000, 100_000, 10_000, 100_000, 32, 0, 20, 4, 500, 200, 0.2, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(3), 20261202),
        WorkloadScale.Large => new(null, 5, 0.30, 0.02, 300_000, 300_000, 30_000, 300_000, 64, 0, 20, 4, 1_000, 300, 0.2, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(3), 20261202),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, null),
    };
}
