using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>checkpoint</c>: the <c>fanout</c> setup (the real follow graph plus celebrities, every user active) and its posts
/// replayed, then an engine checkpoint (time; size, and how much of it is hard links to the live engine), one taken
/// while a writer keeps posting, a verification of every file's CRC-32C, a restore into a new directory, and opening the
/// restored engine until its search indexes are rebuilt.
/// </summary>
public static class CheckpointCommand
{
    public static Command Create()
    {
        var command = new Command("checkpoint", "Engine checkpoint, verify and restore on the real follow graph and N posts: time and size of each step.");
        TimelineSetupOptions.AddTo(command);
        command.SetAction((parse, _) => RunAsync(TimelineSetupOptions.Read(parse)));
        return command;
    }

    private static async Task<int> RunAsync(TimelineBenchSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"checkpoint: {TimelineSetupOptions.Describe(settings)}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var bench = await TimelineBench.PrepareAsync(settings, Console.Out).ConfigureAwait(false);
        var engine = bench.Scratch.Engine;
        var replay = await bench.ReplayAsync(sampleLag: false).ConfigureAwait(false);
        await engine.WaitForSearchAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"posts: {replay.TweetIds.Length:N0} created in {replay.CreateSeconds:F1} s; search caught up"));
        long live = DirectoryBytes(engine.Options.Path, searchToo: false);
        Console.WriteLine(string.Create(inv, $"engine shards on disk: {live:N0} bytes (search indexes not counted: they are not in a checkpoint)"));

        string parent = Path.GetDirectoryName(bench.Scratch.Directory)!;
        string checkpoint = Path.Combine(parent, "chirp-bench-checkpoint-" + Guid.NewGuid().ToString("N"));
        string underLoad = checkpoint + "-under-load";
        string restored = checkpoint + "-restored";
        try
        {
            var clock = Stopwatch.StartNew();
            await engine.CreateCheckpointAsync(checkpoint).ConfigureAwait(false);
            double took = clock.Elapsed.TotalSeconds;
            var (bytes, linked) = CheckpointBytes(checkpoint);
            Console.WriteLine(string.Create(inv, $"checkpoint (idle):       {took:F2} s; {bytes:N0} bytes in its files, {linked:N0} of them hard links to the live engine's tables, {bytes - linked:N0} new"));

            using var stop = new CancellationTokenSource();
            long posted = 0;
            var writer = Task.Run(async () =>
            {
                for (int n = 0; !stop.IsCancellationRequested; n++)
                {
                    await engine.CreateTweetAsync(bench.World.Ids[n % bench.World.UserCount], bench.Texts[n % bench.Texts.Length]).ConfigureAwait(false);
                    posted++;
                }
            });
            await Task.Delay(500).ConfigureAwait(false);
            clock.Restart();
            long postedBefore = Interlocked.Read(ref posted);
            await engine.CreateCheckpointAsync(underLoad).ConfigureAwait(false);
            double underLoadSeconds = clock.Elapsed.TotalSeconds;
            long postedDuring = Interlocked.Read(ref posted) - postedBefore;
            await stop.CancelAsync().ConfigureAwait(false);
            await writer.ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"checkpoint (one writer): {underLoadSeconds:F2} s, while the writer created {postedDuring:N0} posts ({postedDuring / underLoadSeconds:N0}/s)"));

            clock.Restart();
            int shards = ChirpEngine.VerifyCheckpoint(checkpoint);
            Console.WriteLine(string.Create(inv, $"verify:                  {clock.Elapsed.TotalSeconds:F2} s for {shards} shards ({bytes / 1e6 / clock.Elapsed.TotalSeconds:N0} MB/s of CRC-32C)"));

            clock.Restart();
            ChirpEngine.RestoreCheckpoint(checkpoint, restored);
            Console.WriteLine(string.Create(inv, $"restore (verify + copy): {clock.Elapsed.TotalSeconds:F2} s"));

            clock.Restart();
            using (var reopened = ChirpEngine.Open(engine.Options with { Path = restored }))
            {
                double open = clock.Elapsed.TotalSeconds;
                await reopened.WaitForSearchAsync().ConfigureAwait(false);
                Console.WriteLine(string.Create(inv, $"open restored engine:    {open:F2} s; search indexes rebuilt from the records after {clock.Elapsed.TotalSeconds:F2} s"));
            }
        }
        finally
        {
            foreach (string directory in new[] { checkpoint, underLoad, restored })
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }

        Console.WriteLine($"machine after: {MachineInfo.Describe()}");
        return 0;
    }

    private static long DirectoryBytes(string path, bool searchToo) =>
        new DirectoryInfo(path).GetFiles("*", SearchOption.AllDirectories)
            .Where(f => searchToo || !f.FullName.Contains($"{Path.DirectorySeparatorChar}search{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Sum(f => f.Length);

    /// <summary>All bytes of a checkpoint's files, and those of its table files (hard links when on the engine's file system).</summary>
    private static (long Bytes, long Linked) CheckpointBytes(string checkpoint)
    {
        var files = new DirectoryInfo(checkpoint).GetFiles("*", SearchOption.AllDirectories);
        return (files.Sum(f => f.Length), files.Where(f => f.Extension == ".sst").Sum(f => f.Length));
    }
}
