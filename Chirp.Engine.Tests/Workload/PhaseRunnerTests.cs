using System.Collections.Concurrent;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>
/// <see cref="PhaseRunner"/> at saturation: every operation runs once, the warmup is not measured, and a phase asked
/// to repeat goes round its operations (modulo their count) until the minimum time is measured.
/// </summary>
public sealed class PhaseRunnerTests
{
    [Fact]
    public async Task Without_a_minimum_time_each_operation_runs_once_and_the_warmup_is_not_measured()
    {
        var runs = new ConcurrentBag<int>();
        await using var progress = new PhaseProgress("test", 100, TextWriter.Null);

        var measurement = await PhaseRunner.RunAsync(100, 20, 1, _ => 0, i =>
        {
            runs.Add(i);
            return ValueTask.FromResult(true);
        }, concurrency: 4, rate: 0, Timeout.InfiniteTimeSpan, progress);

        Assert.Equal(Enumerable.Range(0, 100), runs.Order());
        Assert.Equal(80, measurement.Latencies[0].Count);
        Assert.Equal(100, measurement.Issued);
        Assert.Equal(100, measurement.Asked);
    }

    [Fact]
    public async Task A_minimum_time_repeats_the_operations_in_their_order_until_it_is_measured()
    {
        var runs = new ConcurrentDictionary<int, int>();
        await using var progress = new PhaseProgress("test", 10, TextWriter.Null);

        var measurement = await PhaseRunner.RunAsync(10, 2, 2, i => i % 2, i =>
        {
            runs.AddOrUpdate(i, 1, (_, n) => n + 1);
            return ValueTask.FromResult(true);
        }, concurrency: 2, rate: 0, Timeout.InfiniteTimeSpan, progress, repeatUntil: TimeSpan.FromMilliseconds(200));

        Assert.True(measurement.Seconds >= 0.2, $"{measurement.Seconds} s measured");
        Assert.True(measurement.Issued >= 30, $"{measurement.Issued} issued");
        // Round and round in order: every operation ran as often as the others, give or take one.
        Assert.Equal(Enumerable.Range(0, 10), runs.Keys.Order());
        Assert.InRange(runs.Values.Max() - runs.Values.Min(), 0, 1);
        Assert.Equal(measurement.Issued, runs.Values.Sum());
        // The warmup (operations 0 and 1) is not measured, and operation i keeps its category on every round.
        Assert.Equal(measurement.Issued - 2, measurement.Latencies[0].Count + measurement.Latencies[1].Count);
        Assert.InRange(measurement.Latencies[0].Count - measurement.Latencies[1].Count, -1, 1);
    }

    [Fact]
    public async Task A_repeated_phase_whose_operations_all_fail_still_ends_and_counts_the_failures()
    {
        await using var progress = new PhaseProgress("test", 10, TextWriter.Null);

        var measurement = await PhaseRunner.RunAsync(10, 0, 1, _ => 0, _ => throw new InvalidOperationException("refused"),
            concurrency: 2, rate: 0, Timeout.InfiniteTimeSpan, progress, repeatUntil: TimeSpan.FromMilliseconds(100));

        Assert.Equal(0, measurement.Latencies[0].Count);
        Assert.Equal(measurement.Issued, measurement.Errors[0]);
        Assert.True(measurement.Issued > 10, $"{measurement.Issued} issued");
        Assert.Contains("refused", measurement.FirstErrors[0], StringComparison.Ordinal);
    }
}
