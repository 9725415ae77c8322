using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Engine;
using Chirp.Engine.Storage;
using RocksDbSharp;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>open-check</c>: what verifying every table file's checksums at open costs. Fills a fresh engine with N tweets,
/// closes it, and for each shard times a plain RocksDB open and the block-checksum verification that
/// <see cref="DamageAwareRocksDb"/> adds to every open, with the shard's table bytes.
/// </summary>
public static class OpenCheckCommand
{
    private static readonly Option<int> Tweets = new Option<int>("--tweets")
    {
        Description = "Tweets created before the measurement (spread over 1,000 authors).",
        DefaultValueFactory = _ => 1_000_000,
    }.AtLeast(1);

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary engine directory (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("open-check", "The cost of verifying every table file's block checksums when a shard is opened, on a shard filled with tweets.")
        {
            Tweets, Shards, Dir,
        };
        command.SetAction((parse, _) => RunAsync(parse.GetValue(Tweets), parse.GetValue(Shards), parse.GetValue(Dir)));
        return command;
    }

    private static async Task<int> RunAsync(int tweets, int shards, string? dir)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"open-check: tweets={tweets} shards={shards}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        string[] texts = TweetCorpusFile.Default().LoadValidTexts();
        using var scratch = ScratchEngine.Create(shards, syncWrites: false, dir, options => options with { IndexForSearch = false });
        long[] authors = await scratch.CreateAccountsAsync(1000, "author").ConfigureAwait(false);
        var fill = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(64))
        {
            var calls = new List<Task>(tweets);
            for (int i = 0; i < tweets; i++)
            {
                await gate.WaitAsync().ConfigureAwait(false);
                int index = i;
                calls.Add(Task.Run(async () =>
                {
                    try
                    {
                        await scratch.Engine.CreateTweetAsync(authors[index % authors.Length], texts[index % texts.Length]).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            await Task.WhenAll(calls).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(inv, $"filled {tweets:N0} tweets in {fill.Elapsed.TotalSeconds:F1} s"));

        // The first open after the fill replays the logs into table files; the measured opens find only tables.
        scratch.Reopen(() =>
        {
            var cache = Cache.CreateLru(256UL << 20);
            for (int shard = 0; shard < shards; shard++)
            {
                string path = Path.Combine(scratch.Directory, $"shard-{shard:D4}");
                ShardStore.Open(path, shard, cache).Dispose();
                long tableBytes = Directory.GetFiles(path, "*.sst").Sum(file => new FileInfo(file).Length);
                var plain = Stopwatch.StartNew();
                using var store = ShardStore.Open(path, shard, cache);
                double openMs = plain.Elapsed.TotalMilliseconds;
                var verify = Stopwatch.StartNew();
                string? damage = DamageAwareRocksDb.VerifyTables(store.Db);
                double verifyMs = verify.Elapsed.TotalMilliseconds;
                Console.WriteLine(string.Create(inv, $"shard {shard}: tables {tableBytes / 1e6:F1} MB; open (verifying as every open does) {openMs:F0} ms; a second verification alone {verifyMs:F0} ms ({tableBytes / 1e6 / (verifyMs / 1000):F0} MB/s){(damage is null ? "" : "; DAMAGE: " + damage)}"));
                Console.WriteLine(string.Create(inv, $"RESULT open-check shard={shard} table_bytes={tableBytes} open_ms={openMs:F0} verify_ms={verifyMs:F0}"));
            }
        });
        return 0;
    }
}
