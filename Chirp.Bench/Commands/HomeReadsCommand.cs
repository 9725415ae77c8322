using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>home-reads</c>: the <c>fanout</c> setup and replay, then T threads read hydrated first pages of 20 entries for D
/// seconds, once with readers who follow no celebrity and once with readers who follow at least one.
/// </summary>
public static class HomeReadsCommand
{
    private static readonly Option<int> Threads = new Option<int>("--threads", "-t")
    {
        Description = "Reader threads (each makes one GetHomeTimeline call at a time).",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.AtLeast(1);

    private static readonly Option<int> Seconds = new Option<int>("--seconds", "-n")
    {
        Description = "Seconds measured per reader group (after the warmup).",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);

    private static readonly Option<int> Warmup = new Option<int>("--warmup")
    {
        Description = "Seconds of reads before measuring each group (not counted).",
        DefaultValueFactory = _ => 2,
    }.AtLeast(0);

    private static readonly Option<int> Limit = new Option<int>("--limit")
    {
        Description = "Entries per page.",
        DefaultValueFactory = _ => 20,
    }.AtLeast(1);

    private static readonly Option<string> Readers = new Option<string>("--readers")
    {
        Description = "Reader pool: 'graph-followers' (users who follow at least one graph user: the crawled accounts, whose stored timelines are filled by fanout) or 'all' (every graph user).",
        DefaultValueFactory = _ => "graph-followers",
    }.AcceptOnlyFromAmong("graph-followers", "all");

    public static Command Create()
    {
        var command = new Command("home-reads", "Hydrated home-timeline reads (first page of 20) on the fanout setup: reads/s and latency, for readers following no celebrity and readers following celebrities.")
        {
            Threads, Seconds, Warmup, Limit, Readers,
        };
        TimelineSetupOptions.AddTo(command);
        command.SetAction((parse, _) => RunAsync(
            TimelineSetupOptions.Read(parse), parse.GetValue(Threads), parse.GetValue(Seconds), parse.GetValue(Warmup), parse.GetValue(Limit), parse.GetValue(Readers) == "all"));
        return command;
    }

    private static async Task<int> RunAsync(TimelineBenchSettings settings, int threads, int seconds, int warmup, int limit, bool allReaders)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"home-reads: {TimelineSetupOptions.Describe(settings)} threads={threads} seconds={seconds} warmup={warmup} limit={limit} readers={(allReaders ? "all" : "graph-followers")}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var bench = await TimelineBench.PrepareAsync(settings, Console.Out).ConfigureAwait(false);
        var replay = await bench.ReplayAsync(sampleLag: false).ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"replay: {replay.Creates:N0} posts at {replay.CreatesPerSecond:N0}/s, {replay.FanoutInserts:N0} fanout inserts, fanned out in {replay.TotalSeconds:F1} s; {replay.Failures} failed"));

        // Right after the bulk load RocksDB compacts in the background for a while, on the same two cores.
        var settling = System.Diagnostics.Stopwatch.StartNew();
        while (bench.Scratch.Engine.IsStorageBusy() && settling.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(250).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(inv, $"storage settled: waited {settling.Elapsed.TotalSeconds:F1} s for RocksDB's background compactions"));
        var world = bench.World;
        var pool = Enumerable.Range(0, world.RealUserCount).Where(u => allReaders || world.RealFollowingCount(u) > 0).ToList();
        int[] ordinary = [.. pool.Where(u => !world.FollowsCelebrity(u))];
        int[] celebrityFans = [.. pool.Where(world.FollowsCelebrity)];
        int failures = 0;
        foreach (var (name, readers) in new[] { ("ordinary", ordinary), ("celebrity", celebrityFans) })
        {
            if (readers.Length == 0)
            {
                Console.WriteLine($"{name}: no readers in the pool");
                continue;
            }

            double followees = readers.Average(u => world.RealFollowingCount(u));
            double celebrities = readers.Average(u => world.Following[u].Length - world.RealFollowingCount(u));
            Console.WriteLine();
            Console.WriteLine(string.Create(inv, $"{name} readers: {readers.Length:N0} users, following on average {followees:F1} graph users and {celebrities:F2} celebrities"));
            failures += Measure(bench.Scratch.Engine, world, name, readers, threads, seconds, warmup, limit);
        }

        return failures == 0 && replay.Failures == 0 ? 0 : 1;
    }

    private static int Measure(ChirpEngine engine, TimelineWorld world, string name, int[] readers, int threadCount, int seconds, int warmup, int limit)
    {
        var inv = CultureInfo.InvariantCulture;
        long freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (warmup * freq);
        long measureTo = measureFrom + (seconds * freq);
        var samples = new List<long>[threadCount];
        var items = new long[threadCount];
        int failures = 0;
        long allocatedBefore = 0;
        var cpuBefore = TimeSpan.Zero;
        (long, long)? machineBefore = null;
        var process = Process.GetCurrentProcess();

        var threads = new Thread[threadCount];
        for (int t = 0; t < threadCount; t++)
        {
            int thread = t;
            threads[t] = new Thread(() =>
            {
                var mine = new List<long>(1 << 16);
                samples[thread] = mine;
                var random = new Random(1000 + thread);
                var page = PageRequest.First(limit);
                while (true)
                {
                    long before = Stopwatch.GetTimestamp();
                    if (before >= measureTo)
                    {
                        return;
                    }

                    int count;
                    try
                    {
                        count = engine.GetHomeTimeline(world.Ids[readers[random.Next(readers.Length)]], page).Items.Count;
                    }
                    catch (ChirpException)
                    {
                        Interlocked.Increment(ref failures);
                        continue;
                    }

                    long after = Stopwatch.GetTimestamp();
                    if (before >= measureFrom && after < measureTo)
                    {
                        mine.Add(after - before);
                        items[thread] += count;
                    }
                }
            })
            { IsBackground = true, Name = $"home-reader-{t}" };
        }

        foreach (var thread in threads)
        {
            thread.Start();
        }

        SleepUntil(measureFrom);
        process.Refresh();
        cpuBefore = process.TotalProcessorTime;
        machineBefore = MachineInfo.ReadMachineCpu();
        allocatedBefore = GC.GetTotalAllocatedBytes();
        SleepUntil(measureTo);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        double busy = MachineInfo.BusyCores(machineBefore, MachineInfo.ReadMachineCpu());
        long allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
        foreach (var thread in threads)
        {
            thread.Join();
        }

        var latency = new LatencySummary(samples.SelectMany(s => s));
        double rate = latency.Count / (double)seconds;
        Console.WriteLine(string.Create(inv, $"  reads:       {latency.Count:N0} in {seconds} s = {rate:N0}/s with {threadCount} threads; {items.Sum() / (double)Math.Max(1, latency.Count):F2} entries per page on average; {failures} failed"));
        Console.WriteLine(string.Create(inv, $"  latency µs:  p50 {latency.PercentileMicroseconds(50):F1}  p90 {latency.PercentileMicroseconds(90):F1}  p99 {latency.PercentileMicroseconds(99):F1}  max {latency.MaxMicroseconds:F1}  mean {latency.MeanMicroseconds:F1}"));
        Console.WriteLine(string.Create(inv, $"  CPU:         process {cpu.TotalSeconds / seconds:F2} cores ({cpu.TotalMilliseconds * 1000 / Math.Max(1, latency.Count):F1} µs per read); whole machine {busy:F2} of {Environment.ProcessorCount} cores busy; {allocated / (double)Math.Max(1, latency.Count):N0} bytes allocated per read"));
        Console.WriteLine(string.Create(inv, $"RESULT home-reads group={name} threads={threadCount} limit={limit} readers={readers.Length} reads_per_s={rate:F0} p50_us={latency.PercentileMicroseconds(50):F1} p99_us={latency.PercentileMicroseconds(99):F1}"));
        return failures;
    }

    private static void SleepUntil(long timestamp)
    {
        long remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            Thread.Sleep(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency));
        }
    }
}
