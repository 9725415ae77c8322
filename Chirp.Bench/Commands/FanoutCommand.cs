using System.CommandLine;
using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>fanout</c>: the real follow graph plus synthetic celebrities, every user active, then the corpus replayed as posts
/// at full speed. Reports fanout throughput (timeline inserts per second), creates per second, fanout lag as a follower
/// sees it and as the engine reports it, and the timeline store's bytes per stored entry.
/// </summary>
public static class FanoutCommand
{
    private static readonly Option<int> LagInterval = new Option<int>("--lag-interval-ms")
    {
        Description = "Pause of the lag sampler between two samples, in ms (it follows one post at a time).",
        DefaultValueFactory = _ => 5,
    }.AtLeast(0);

    private static readonly Option<bool> NoLag = new("--no-lag")
    {
        Description = "Do not sample the lag by polling followers' timelines (the sampler's reads then cost nothing).",
    };

    private static readonly Option<bool> HoldFanout = new("--hold-fanout")
    {
        Description = "Hold fanout back while the posts are created, then let it drain alone: the drain rate is fanout's own throughput (no lag sampling).",
    };

    public static Command Create()
    {
        var command = new Command("fanout", "Home-timeline fanout on the real follow graph plus synthetic celebrities: inserts/s, creates/s, fanout lag, bytes per stored entry.")
        {
            LagInterval, NoLag, HoldFanout,
        };
        TimelineSetupOptions.AddTo(command);
        command.SetAction((parse, _) => RunAsync(TimelineSetupOptions.Read(parse), !parse.GetValue(NoLag), TimeSpan.FromMilliseconds(parse.GetValue(LagInterval)), parse.GetValue(HoldFanout)));
        return command;
    }

    private static async Task<int> RunAsync(TimelineBenchSettings settings, bool sampleLag, TimeSpan lagInterval, bool holdFanout)
    {
        var inv = CultureInfo.InvariantCulture;
        sampleLag &= !holdFanout;
        Console.WriteLine($"fanout: {TimelineSetupOptions.Describe(settings)} lag-sampling={sampleLag} hold-fanout={holdFanout}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var bench = await TimelineBench.PrepareAsync(settings, Console.Out).ConfigureAwait(false);
        var engine = bench.Scratch.Engine;

        var result = await bench.ReplayAsync(sampleLag, lagInterval, holdFanout).ConfigureAwait(false);
        var statistics = engine.GetTimelineStatistics();
        var census = bench.CountStoredEntries();
        long entries = census.Entries;

        Console.WriteLine();
        Console.WriteLine($"machine after: {MachineInfo.Describe()}");
        Console.WriteLine(string.Create(inv, $"creates:           {result.Creates:N0} in {result.CreateSeconds:F2} s = {result.CreatesPerSecond:N0}/s ({settings.CreateConcurrency} loops); {result.Failures} failed; latency µs p50 {result.CreateLatency.PercentileMicroseconds(50):F1} p99 {result.CreateLatency.PercentileMicroseconds(99):F1}"));
        Console.WriteLine(string.Create(inv, $"fanout inserts:    {result.FanoutInserts:N0} ({result.FanoutInserts / (double)Math.Max(1, result.Creates):F1} per create) in {result.TotalSeconds:F2} s from the first create until WaitForFanoutAsync returned = {result.InsertsPerSecond:N0} inserts/s"));
        Console.WriteLine(string.Create(inv, $"fanout drain:      {result.DrainSeconds:F2} s after the last create returned ({result.FanoutInserts - result.InsertsAtLastCreate:N0} inserts then{(double.IsNaN(result.DrainInsertsPerSecond) ? "; fanout kept up with the creates" : string.Create(inv, $", {result.DrainInsertsPerSecond:N0}/s: fanout's own rate"))}); deepest fanout queue seen {result.MaxQueueDepth:N0} changes"));
        if (result.PolledLag is { } lag)
        {
            Console.WriteLine(string.Create(inv, $"lag (polled):      {lag.Count:N0} samples, create returned → visible to a follower: p50 {lag.PercentileMicroseconds(50) / 1000:F2} ms, p90 {lag.PercentileMicroseconds(90) / 1000:F2} ms, p99 {lag.PercentileMicroseconds(99) / 1000:F2} ms, max {lag.MaxMicroseconds / 1000:F2} ms; {result.PollTimeouts} timed out"));
        }

        long[] statisticsLag = [.. result.StatisticsLagMs.Order()];
        Console.WriteLine(string.Create(inv, $"lag (statistics):  {statisticsLag.Length:N0} reads of the engine's FanoutLag (commit → fanout done, ms resolution) every {PostReplay.StatisticsInterval.TotalMilliseconds:F0} ms while creating: p50 {Rank(statisticsLag, 50)} ms, p99 {Rank(statisticsLag, 99)} ms, max {Rank(statisticsLag, 100)} ms"));
        Console.WriteLine(string.Create(inv, $"process CPU:       {result.ProcessCpuSeconds / result.TotalSeconds:F2} cores on average; whole machine {result.MachineBusyCores:F2} of {Environment.ProcessorCount} cores busy"));
        Console.WriteLine(string.Create(inv, $"thread pool:       at most {result.MaxPoolThreads} threads and {result.MaxPendingWorkItems:N0} queued work items at the statistics reads"));
        Console.WriteLine(string.Create(inv, $"stored timelines:  {census.Timelines:N0} ({census.Full:N0} full at capacity {settings.TimelineCapacity}), {entries:N0} entries ({entries / (double)Math.Max(1, census.Timelines):F1} per timeline)"));
        Console.WriteLine(string.Create(inv, $"live records:      {census.LayoutBytes:N0} bytes by layout = {census.LayoutBytes / (double)Math.Max(1, entries):F2} per entry (48 bytes per record + 16 per slot; slots inferred from the counts)"));
        PrintMemory("memory:           ", statistics, entries);
        long reclaimed = engine.Timelines.Compact(wholeLog: true);
        var compacted = engine.GetTimelineStatistics();
        PrintMemory("after Compact():  ", compacted, entries);
        Console.WriteLine(string.Create(inv, $"                   ({reclaimed:N0} bytes reclaimed; the whole log made read-only first)"));
        Console.WriteLine(string.Create(inv, $"RESULT fanout shards={settings.Shards} users={bench.World.UserCount} creates={result.Creates} creates_per_s={result.CreatesPerSecond:F0} inserts={result.FanoutInserts} inserts_per_s={result.InsertsPerSecond:F0} drain_s={result.DrainSeconds:F2} drain_inserts_per_s={result.DrainInsertsPerSecond:F0} lag_p50_ms={(result.PolledLag?.PercentileMicroseconds(50) ?? double.NaN) / 1000:F2} lag_p99_ms={(result.PolledLag?.PercentileMicroseconds(99) ?? double.NaN) / 1000:F2} bytes_per_entry={statistics.LogBytes / (double)Math.Max(1, entries):F2} bytes_per_entry_compacted={compacted.LogBytes / (double)Math.Max(1, entries):F2} layout_bytes_per_entry={census.LayoutBytes / (double)Math.Max(1, entries):F2}"));
        return result.Failures == 0 && result.PollTimeouts == 0 ? 0 : 1;
    }

    private static long Rank(long[] sorted, double percentile) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void PrintMemory(string label, Chirp.Engine.TimelineStatistics statistics, long entries)
    {
        double perEntry = statistics.LogBytes / (double)Math.Max(1, entries);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}log {statistics.LogBytes:N0} bytes = {perEntry:F2} per stored entry; spilled {statistics.SpilledBytes:N0}; hash index {statistics.IndexBytes:N0} ({statistics.IndexBytes / (double)Math.Max(1, entries):F2} per entry)"));
    }
}
