using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>feed-trim</c>: creates tweets on a fresh engine, then reports the bytes of every shard's change feed (its table
/// files and memtable part; compacted first, so both figures are compressed table bytes) before and after one trim
/// pass, and the time the pass took. Search is off, so fanout and
/// the retention alone decide how far the feed is trimmed.
/// </summary>
public static class FeedTrimCommand
{
    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<int> Creates = new Option<int>("--creates")
    {
        Description = "Tweets created before the trim.",
        DefaultValueFactory = _ => 200_000,
    }.AtLeast(1);

    private static readonly Option<long> Retention = new Option<long>("--retention")
    {
        Description = "ChangeFeedRetention: change-feed entries each shard keeps.",
        DefaultValueFactory = _ => 100_000,
    }.AtLeast(0);

    public static Command Create()
    {
        var command = new Command("feed-trim", "Change-feed bytes per shard after N creates, before and after a trim pass.")
        {
            Shards, Creates, Retention,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(Shards), parse.GetValue(Creates), parse.GetValue(Retention), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(int shards, int creates, long retention, CancellationToken cancellation)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"feed-trim: shards={shards} creates={creates} retention={retention}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var scratch = ScratchEngine.Create(shards, configure: options => options with { IndexForSearch = false, ChangeFeedRetention = retention });
        var engine = scratch.Engine;
        long[] authors = await scratch.CreateAccountsAsync(Math.Min(1_000, creates), "t").ConfigureAwait(false);
        long failures = await BoundedCalls.RunAsync(creates, 64, async i =>
            await engine.CreateTweetAsync(authors[i % authors.Length], $"post {i} for the change-feed trimming measurement", cancellationToken: cancellation).ConfigureAwait(false),
            Console.Out, "creates").ConfigureAwait(false);
        await engine.WaitForFanoutAsync(cancellation).ConfigureAwait(false);

        // Compacted first, so that both figures are compressed table bytes (a fresh feed sits in the memtable, uncompressed).
        long[] unsettled = Bytes(engine);
        for (int shard = 0; shard < shards; shard++)
        {
            var store = engine.GetShard(shard).Store;
            store.Db.CompactRange(null, null, store.Changes);
        }

        long[] before = Bytes(engine);
        long start = Stopwatch.GetTimestamp();
        long trimmed = engine.TrimChangeFeeds();
        double trimMs = LatencySummary.ToMicroseconds(Stopwatch.GetTimestamp() - start) / 1000;
        long[] after = Bytes(engine);

        Console.WriteLine(string.Create(inv, $"feed bytes right after the creates (memtable included, uncompressed): {unsettled.Sum():N0}"));
        Console.WriteLine("shard  applied  oldest-kept  feed-bytes-before  feed-bytes-after");
        for (int shard = 0; shard < shards; shard++)
        {
            Console.WriteLine(string.Create(inv, $"{shard,5}  {engine.GetAppliedPosition(shard),7}  {engine.GetOldestChangePosition(shard),11}  {before[shard],17:N0}  {after[shard],16:N0}"));
        }

        Console.WriteLine(string.Create(inv, $"RESULT feed-trim shards={shards} creates={creates} failures={failures} retention={retention} trimmed_entries={trimmed} feed_bytes_before={before.Sum()} feed_bytes_after={after.Sum()} trim_ms={trimMs:F1}"));
        return failures == 0 ? 0 : 1;
    }

    private static long[] Bytes(ChirpEngine engine) => [.. Enumerable.Range(0, engine.ShardCount).Select(engine.GetChangeFeedBytes)];
}
