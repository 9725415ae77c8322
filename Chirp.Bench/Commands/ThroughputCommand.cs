using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>throughput</c>: C concurrent async loops create tweets with real corpus texts for N seconds against a fresh
/// engine, and the run reports creates per second and latency percentiles.
/// </summary>
public static class ThroughputCommand
{
    private static readonly Option<int> Seconds = new Option<int>("--seconds", "-n")
    {
        Description = "Seconds to measure (after the warmup).",
        DefaultValueFactory = _ => 15,
    }.AtLeast(1);

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "Concurrent create loops (each awaits its call before the next).",
        DefaultValueFactory = _ => 16,
    }.AtLeast(1);

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<bool> Sync = new("--sync")
    {
        Description = "Open the engine with SyncWrites (fsync the WAL before acknowledging; group commit).",
    };

    private static readonly Option<int> Warmup = new Option<int>("--warmup")
    {
        Description = "Seconds of load before measuring starts (not counted).",
        DefaultValueFactory = _ => 2,
    }.AtLeast(0);

    private static readonly Option<int> Authors = new Option<int>("--authors")
    {
        Description = "Accounts the tweets are spread over (round-robin).",
        DefaultValueFactory = _ => 1000,
    }.AtLeast(1);

    private static readonly Option<bool> NoSearch = new("--no-search")
    {
        Description = "Open the engine with IndexForSearch = false (no search index kept).",
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary engine directory (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("throughput", "Sustained tweet-create throughput against a fresh temporary engine, with real corpus texts.")
        {
            Seconds, Concurrency, Shards, Sync, Warmup, Authors, NoSearch, Dir,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(Seconds), parse.GetValue(Concurrency), parse.GetValue(Shards), parse.GetValue(Sync),
            parse.GetValue(Warmup), parse.GetValue(Authors), !parse.GetValue(NoSearch), parse.GetValue(Dir), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(int seconds, int concurrency, int shards, bool sync, int warmupSeconds, int authorCount, bool search, string? dir, CancellationToken cancellation)
    {
        Console.WriteLine($"throughput: seconds={seconds} concurrency={concurrency} shards={shards} sync={sync} warmup={warmupSeconds}s authors={authorCount} search={search}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        var corpus = TweetCorpusFile.Default();
        string[] texts = corpus.LoadValidTexts();
        Console.WriteLine($"corpus: {texts.Length:N0} valid texts from {corpus.Path}");

        using var scratch = ScratchEngine.Create(shards, sync, dir, o => o with { IndexForSearch = search });
        Console.WriteLine($"engine: {scratch.Directory} (WAL on, SyncWrites={sync}, MaxWriteGroup={scratch.Engine.Options.MaxWriteGroup})");
        long[] authors = await scratch.CreateAccountsAsync(authorCount, "author").ConfigureAwait(false);

        var engine = scratch.Engine;
        long freq = Stopwatch.Frequency;
        long start = Stopwatch.GetTimestamp();
        long measureFrom = start + (warmupSeconds * freq);
        long measureTo = measureFrom + (seconds * freq);
        int next = -1;
        long completed = 0;
        long failures = 0;
        Exception? firstFailure = null;
        var samples = new List<long>[concurrency];

        async Task LoopAsync(int loop)
        {
            var mine = new List<long>(1 << 16);
            samples[loop] = mine;
            while (!cancellation.IsCancellationRequested)
            {
                int i = Interlocked.Increment(ref next) & int.MaxValue;
                long before = Stopwatch.GetTimestamp();
                if (before >= measureTo)
                {
                    return;
                }

                try
                {
                    await engine.CreateTweetAsync(authors[i % authors.Length], texts[i % texts.Length], cancellationToken: cancellation).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        firstFailure = ex;
                    }

                    continue;
                }

                long after = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref completed);
                if (before >= measureFrom && after < measureTo)
                {
                    mine.Add(after - before);
                }
            }
        }

        var process = Process.GetCurrentProcess();
        int gen0 = 0, gen1 = 0, gen2 = 0;
        long allocatedAtStart = 0;
        var cpuAtStart = TimeSpan.Zero;
        (long, long)? machineAtStart = null;
        long completedAtStart = 0;
        var loops = Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(loop))).ToArray();
        var all = Task.WhenAll(loops);

        // Progress once a second. Warmup is whole seconds, so the measurement window starts on a tick.
        bool measuring = false;
        long lastCompleted = 0;
        void StartMeasuring()
        {
            measuring = true;
            process.Refresh();
            cpuAtStart = process.TotalProcessorTime;
            machineAtStart = MachineInfo.ReadMachineCpu();
            allocatedAtStart = GC.GetTotalAllocatedBytes();
            (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            completedAtStart = Interlocked.Read(ref completed);
        }

        if (warmupSeconds == 0)
        {
            StartMeasuring();
        }

        for (int tick = 1; tick <= warmupSeconds + seconds && !all.IsCompleted; tick++)
        {
            await SleepUntilAsync(start + (tick * freq), all).ConfigureAwait(false);
            long now = Interlocked.Read(ref completed);
            Console.WriteLine($"  t={tick,3}s {(measuring ? "measure" : "warmup "),-7} {now - lastCompleted,9:N0} creates in the last second");
            lastCompleted = now;
            if (tick == warmupSeconds)
            {
                StartMeasuring();
            }
        }

        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuAtStart;
        double machineBusy = MachineInfo.BusyCores(machineAtStart, MachineInfo.ReadMachineCpu());
        long allocated = GC.GetTotalAllocatedBytes() - allocatedAtStart;
        long completedInWindow = Interlocked.Read(ref completed) - completedAtStart;
        await all.ConfigureAwait(false);

        var latency = new LatencySummary(samples.Where(s => s is not null).SelectMany(s => s));
        double rate = latency.Count / (double)seconds;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine($"creates measured:  {latency.Count:N0} in {seconds} s (started and finished inside the window; {completedInWindow:N0} completed in it)");
        Console.WriteLine($"creates/s:         {rate:N0}");
        Console.WriteLine(string.Create(inv, $"latency µs:        p50 {latency.PercentileMicroseconds(50):F1}  p90 {latency.PercentileMicroseconds(90):F1}  p99 {latency.PercentileMicroseconds(99):F1}  p99.9 {latency.PercentileMicroseconds(99.9):F1}  max {latency.MaxMicroseconds:F1}  mean {latency.MeanMicroseconds:F1}"));
        Console.WriteLine(string.Create(inv, $"process CPU:       {cpu.TotalSeconds / seconds:F2} cores busy on average ({cpu.TotalMilliseconds * 1000 / Math.Max(1, completedInWindow):F1} µs CPU per create); whole machine {machineBusy:F2} of {Environment.ProcessorCount} cores busy, so {Math.Max(0, machineBusy - (cpu.TotalSeconds / seconds)):F2} cores were used by other processes"));
        Console.WriteLine(string.Create(inv, $"GC:                {allocated / (double)Math.Max(1, completedInWindow):N0} bytes allocated per create; gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2} collections"));
        Console.WriteLine($"failures:          {failures:N0}{(firstFailure is null ? "" : " first: " + firstFailure.Message)}");
        Console.WriteLine(string.Create(inv, $"RESULT throughput shards={shards} concurrency={concurrency} sync={sync} search={search} seconds={seconds} creates_per_s={rate:F0} p50_us={latency.PercentileMicroseconds(50):F1} p99_us={latency.PercentileMicroseconds(99):F1}"));
        return failures == 0 ? 0 : 1;
    }

    private static async Task SleepUntilAsync(long timestamp, Task stopEarly)
    {
        long remaining = timestamp - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency)), stopEarly).ConfigureAwait(false);
        }
    }
}
