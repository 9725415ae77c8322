using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Chirp.Bench.Micro;

/// <summary>
/// The configuration of <c>micro</c>: one short job (1 launch, 3 warmup and 5 measured iterations of ~0.5 s each) with
/// the memory diagnoser, and one joined summary table. Extra BenchmarkDotNet arguments are applied on top.
/// </summary>
public static class MicroConfig
{
    /// <summary>The job id shown in the summary.</summary>
    public const string JobId = "Short5";

    public static IConfig Create() =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default
                .WithId(JobId)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(5))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.JoinSummary);
}
