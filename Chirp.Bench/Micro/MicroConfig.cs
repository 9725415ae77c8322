using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Chirp.Bench.Micro;

/// <summary>
/// The configuration of <c>micro</c>: one short job (3 launches, i.e. 3 processes, each with 3 warmup and 5 measured
/// iterations of ~0.5 s) with the memory diagnoser, and one joined summary table. Several launches because results
/// differ between processes more than between iterations of one process (warm GetTweet measured 1.6 µs in some
/// processes and 3.1 µs in others). Extra BenchmarkDotNet arguments are applied on top.
/// </summary>
public static class MicroConfig
{
    /// <summary>The job id shown in the summary.</summary>
    public const string JobId = "Short3x5";

    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithId(JobId)
                .WithLaunchCount(3)
                .WithWarmupCount(3)
                .WithIterationCount(5))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
}
