using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>search</c>: tweet search on the real corpus, in one run against a fresh engine. (1) Load: N posts with corpus
/// texts (replayed when N exceeds the corpus) by random authors, then the time until search has caught up, and a full
/// index rebuild (the indexer alone). (2) The index's size. (3) Single-threaded query latency per query form, and a
/// concurrent mix. (4) Search lag under a steady, paced write load, probed with unique words.
/// </summary>
public static class SearchCommand
{
    private const int QueriesPerForm = 200;
    private static readonly TimeSpan QueryWarmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LagSampleInterval = TimeSpan.FromSeconds(1);

    private static readonly Option<int> Posts = new Option<int>("--posts")
    {
        Description = "Tweets to create in the load; the corpus texts are replayed (as new tweets) when this exceeds them.",
        DefaultValueFactory = _ => 1_000_000,
    }.AtLeast(1);

    private static readonly Option<int> Users = new Option<int>("--users")
    {
        Description = "Accounts the tweets are posted by (each tweet's author drawn at random, seeded).",
        DefaultValueFactory = _ => 1000,
    }.AtLeast(1);

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine (each shard has its own search index).",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1).AtMost(ChirpEngineOptions.MaxShardCount);

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "CreateTweetAsync calls in flight during the load (and at most in flight for the paced writer).",
        DefaultValueFactory = _ => 64,
    }.AtLeast(1);

    private static readonly Option<int> Seconds = new Option<int>("--seconds", "-n")
    {
        Description = "Seconds measured per query run (after a 1 s warmup).",
        DefaultValueFactory = _ => 5,
    }.AtLeast(1);

    private static readonly Option<int> Threads = new Option<int>("--threads", "-t")
    {
        Description = "Threads of the concurrent query run, mixing all forms.",
        DefaultValueFactory = _ => 2,
    }.AtLeast(1);

    private static readonly Option<int> LagRate = new Option<int>("--lag-rate")
    {
        Description = "Tweets per second the paced writer posts while the search lag is probed.",
        DefaultValueFactory = _ => 2000,
    }.AtLeast(1);

    private static readonly Option<int> LagSeconds = new Option<int>("--lag-seconds")
    {
        Description = "Seconds of paced writes while the search lag is probed.",
        DefaultValueFactory = _ => 20,
    }.AtLeast(1);

    private static readonly Option<int> RefreshMs = new Option<int>("--refresh-ms")
    {
        Description = "SearchRefreshInterval in ms: how often new tweets become searchable under a steady write load (the engine default is 250).",
        DefaultValueFactory = _ => 250,
    }.AtLeast(1).AtMost(60_000);

    private static readonly Option<bool> SkipRebuild = new("--skip-rebuild")
    {
        Description = "Do not rebuild the index after the load (no indexer-alone throughput).",
    };

    private static readonly Option<bool> SkipLag = new("--skip-lag")
    {
        Description = "Do not measure the search lag under a paced write load.",
    };

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the post authors, the query sets and the paced writer.",
        DefaultValueFactory = _ => 20251202,
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary engine directory (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("search", "Tweet search on the real corpus: load and indexing throughput, index rebuild, index size, query latency per query form, and search lag under a steady write load.")
        {
            Posts, Users, Shards, Concurrency, Seconds, Threads, LagRate, LagSeconds, RefreshMs, SkipRebuild, SkipLag, Seed, Dir,
        };
        command.SetAction((parse, _) => RunAsync(new SearchBenchSettings(
            parse.GetValue(Posts), parse.GetValue(Users), parse.GetValue(Shards), parse.GetValue(Concurrency), parse.GetValue(Seconds),
            parse.GetValue(Threads), parse.GetValue(LagRate), parse.GetValue(LagSeconds), parse.GetValue(RefreshMs),
            parse.GetValue(SkipRebuild), parse.GetValue(SkipLag), parse.GetValue(Seed), parse.GetValue(Dir))));
        return command;
    }

    private static async Task<int> RunAsync(SearchBenchSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"search: posts={settings.Posts} users={settings.Users} shards={settings.Shards} concurrency={settings.Concurrency} seconds={settings.Seconds} " +
            $"threads={settings.Threads} lag-rate={settings.LagRate} lag-seconds={settings.LagSeconds} refresh-ms={settings.RefreshMs} " +
            $"skip-rebuild={settings.SkipRebuild} skip-lag={settings.SkipLag} seed={settings.Seed} queries-per-form={QueriesPerForm}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        var corpus = TweetCorpusFile.Default();
        string[] texts = corpus.LoadValidTexts();
        Console.WriteLine(string.Create(inv, $"corpus: {texts.Length:N0} valid texts from {corpus.Path}; {settings.Posts:N0} posts replay it {settings.Posts / (double)texts.Length:F2} times"));

        using var scratch = ScratchEngine.Create(settings.Shards, parent: settings.Directory, configure: o => o with
        {
            SearchRefreshInterval = TimeSpan.FromMilliseconds(settings.RefreshMs),
        });
        var options = scratch.Engine.Options;
        Console.WriteLine(string.Create(inv, $"engine: {scratch.Directory} (SearchRefreshInterval {options.SearchRefreshInterval.TotalMilliseconds:F0} ms, SearchCommitInterval {options.SearchCommitInterval.TotalSeconds:F1} s, SyncWrites={options.SyncWrites})"));
        var clock = Stopwatch.StartNew();
        long[] userIds = await scratch.CreateAccountsAsync(settings.Users, "user", settings.Concurrency).ConfigureAwait(false);
        string[] usernames = [.. Enumerable.Range(0, settings.Users).Select(i => "user" + i.ToString(inv))];
        await scratch.Engine.WaitForSearchAsync().ConfigureAwait(false);
        Console.WriteLine(string.Create(inv, $"accounts: {settings.Users:N0} created and searchable in {clock.Elapsed.TotalSeconds:F1} s"));

        long failures = await LoadAsync(scratch.Engine, settings, userIds, texts).ConfigureAwait(false);
        MeasureSize(scratch, settings.Posts);
        if (!settings.SkipRebuild)
        {
            await RebuildAsync(scratch.Engine, settings.Posts).ConfigureAwait(false);
        }

        failures += MeasureQueries(scratch.Engine, settings, texts, usernames);
        if (!settings.SkipLag)
        {
            failures += await MeasureLagAsync(scratch.Engine, settings, userIds, texts).ConfigureAwait(false);
        }

        long indexingFailures = scratch.Engine.GetSearchStatistics().Sum(s => s.Failures);
        Console.WriteLine();
        Console.WriteLine($"machine after: {MachineInfo.Describe()}");
        Console.WriteLine($"indexing failures since the reopen (retried by the engine): {indexingFailures}; failed creates, queries and probe timeouts: {failures}");
        return failures == 0 ? 0 : 1;
    }

    /// <summary>Phase 1: the load, then the wait until it is all searchable. Returns the failed creates.</summary>
    private static async Task<long> LoadAsync(ChirpEngine engine, SearchBenchSettings settings, long[] userIds, string[] texts)
    {
        var inv = CultureInfo.InvariantCulture;
        var random = new Random(settings.Seed);
        int[] authors = [.. Enumerable.Range(0, settings.Posts).Select(_ => random.Next(userIds.Length))];
        var createTicks = new long[settings.Posts];
        long created = 0;
        Console.WriteLine();
        Console.WriteLine($"load: {settings.Posts:N0} posts by {userIds.Length:N0} random users, {settings.Concurrency} calls in flight");

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var machineBefore = MachineInfo.ReadMachineCpu();
        long start = Stopwatch.GetTimestamp();
        using var stopProgress = new CancellationTokenSource();
        var progress = PrintLoadProgressAsync(engine, () => Interlocked.Read(ref created), start, stopProgress.Token);
        long failures = await BoundedCalls.RunAsync(settings.Posts, settings.Concurrency, async i =>
        {
            long before = Stopwatch.GetTimestamp();
            await engine.CreateTweetAsync(userIds[authors[i]], texts[i % texts.Length]).ConfigureAwait(false);
            createTicks[i] = Math.Max(1, Stopwatch.GetTimestamp() - before);
            Interlocked.Increment(ref created);
        }, Console.Out, "create", reportEvery: int.MaxValue).ConfigureAwait(false);
        long createdAt = Stopwatch.GetTimestamp();
        await engine.WaitForSearchAsync().ConfigureAwait(false);
        long searchableAt = Stopwatch.GetTimestamp();
        await stopProgress.CancelAsync().ConfigureAwait(false);
        await progress.ConfigureAwait(false);
        process.Refresh();
        double totalSeconds = Elapsed(start, searchableAt);
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        double busy = MachineInfo.BusyCores(machineBefore, MachineInfo.ReadMachineCpu());

        double createSeconds = Elapsed(start, createdAt);
        var latency = new LatencySummary(createTicks.Where(t => t > 0));
        double createRate = created / createSeconds;
        double indexRate = created / totalSeconds;
        var statistics = engine.GetSearchStatistics();
        Console.WriteLine(string.Create(inv, $"creates:           {created:N0} in {createSeconds:F2} s = {createRate:N0} posts/s; {failures} failed; latency µs p50 {latency.PercentileMicroseconds(50):F1} p99 {latency.PercentileMicroseconds(99):F1} max {latency.MaxMicroseconds:F1}"));
        Console.WriteLine(string.Create(inv, $"search caught up:  {Elapsed(createdAt, searchableAt):F2} s after the last create returned (WaitForSearchAsync)"));
        Console.WriteLine(string.Create(inv, $"indexing:          {created:N0} posts in {totalSeconds:F2} s from the first create until searchable = {indexRate:N0} posts/s (incremental, fed by the change feed)"));
        Console.WriteLine(string.Create(inv, $"documents:         {statistics.Sum(s => s.Documents):N0} in the index ({string.Join(" / ", statistics.Select(s => s.Documents.ToString("N0", inv)))} per shard; tweets and users); {statistics.Sum(s => s.Failures)} indexing failures (retried by the engine)"));
        Console.WriteLine(string.Create(inv, $"process CPU:       {cpu / totalSeconds:F2} cores on average; whole machine {busy:F2} of {Environment.ProcessorCount} cores busy"));
        Console.WriteLine(string.Create(inv, $"RESULT search-load shards={settings.Shards} posts={created} concurrency={settings.Concurrency} creates_per_s={createRate:F0} catch_up_s={Elapsed(createdAt, searchableAt):F2} indexed_per_s={indexRate:F0}"));
        return failures;
    }

    private static async Task PrintLoadProgressAsync(ChirpEngine engine, Func<long> created, long start, CancellationToken stop)
    {
        var inv = CultureInfo.InvariantCulture;
        long last = 0;
        long lastAt = start;
        try
        {
            while (true)
            {
                await Task.Delay(ProgressInterval, stop).ConfigureAwait(false);
                long now = Stopwatch.GetTimestamp();
                long count = created();
                var statistics = engine.GetSearchStatistics();
                long behind = statistics.Sum(s => s.AppliedPosition - s.SearchablePosition);
                Console.WriteLine(string.Create(inv,
                    $"  t={Elapsed(start, now),6:F1}s  created {count,11:N0} ({(count - last) / Elapsed(lastAt, now),8:N0}/s)  searchable documents {statistics.Sum(s => s.Documents),11:N0}  changes not yet searchable {behind,9:N0}  max lag {statistics.Max(s => s.Lag).TotalSeconds,6:F2} s"));
                (last, lastAt) = (count, now);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    /// <summary>Phase 2: the index's size as the engine reports it, then on disk with the engine closed.</summary>
    private static void MeasureSize(ScratchEngine scratch, int posts)
    {
        var inv = CultureInfo.InvariantCulture;
        var statistics = scratch.Engine.GetSearchStatistics();
        long reported = statistics.Sum(s => s.IndexBytes);
        long onDisk = 0;
        string searchDirectory = Path.Combine(scratch.Directory, "search");
        var clock = Stopwatch.StartNew();
        scratch.Reopen(() => onDisk = DirectoryBytes(searchDirectory));
        long reopened = scratch.Engine.GetSearchStatistics().Sum(s => s.IndexBytes);
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"index size:        {reported:N0} bytes reported (Σ IndexBytes; files on disk and in the NRT cache) = {reported / (double)posts:F1} per post (user documents included)"));
        Console.WriteLine(string.Create(inv, $"                   {onDisk:N0} bytes on disk in {searchDirectory} after closing the engine (commit) = {onDisk / (double)posts:F1} per post; {reopened:N0} reported after reopening ({clock.Elapsed.TotalSeconds:F1} s to close and reopen)"));
        Console.WriteLine(string.Create(inv, $"RESULT search-size posts={posts} index_bytes={reported} disk_bytes={onDisk} bytes_per_post={onDisk / (double)posts:F1}"));
    }

    /// <summary>Phase 1b: a full rebuild from the logs, the indexer alone.</summary>
    private static async Task RebuildAsync(ChirpEngine engine, int posts)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine("rebuild: RebuildSearchIndexAsync, one shard at a time");
        var printer = new RebuildProgressPrinter(Console.Out, ProgressInterval);
        var clock = Stopwatch.StartNew();
        await engine.RebuildSearchIndexAsync(printer).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        var statistics = engine.GetSearchStatistics();
        long documents = printer.Documents;
        long bytes = statistics.Sum(s => s.IndexBytes);
        Console.WriteLine(string.Create(inv, $"rebuild:           {documents:N0} documents (tweets and users) in {seconds:F2} s = {documents / seconds:N0} documents/s; index now {bytes:N0} bytes = {bytes / (double)posts:F1} per post"));
        Console.WriteLine(string.Create(inv, $"RESULT search-rebuild documents={documents} seconds={seconds:F2} documents_per_s={documents / seconds:F0} index_bytes={bytes}"));
    }

    /// <summary>Phase 3: query latency per form, single-threaded, then a concurrent mix. Returns the failed queries.</summary>
    private static long MeasureQueries(ChirpEngine engine, SearchBenchSettings settings, string[] texts, string[] usernames)
    {
        var inv = CultureInfo.InvariantCulture;
        var measure = TimeSpan.FromSeconds(settings.Seconds);
        Console.WriteLine();
        string[] posted = texts.Length <= settings.Posts ? texts : texts[..settings.Posts];
        Console.WriteLine(string.Create(inv, $"queries: up to {QueriesPerForm} distinct queries per form drawn (seeded) from the {posted.Length:N0} corpus texts posted; words are white-space tokens of letters only, lower-cased, at least {CorpusWords.MinLength} long"));
        var clock = Stopwatch.StartNew();
        var recent = new SearchRequest { Sort = SearchSort.Recent, Limit = ChirpEngine.DefaultSearchLimit };
        var sets = SearchQuerySets.Draw(engine, posted, usernames, recent, QueriesPerForm, settings.Seed + 1, Console.Out, out long failures);
        foreach (var set in sets)
        {
            Console.WriteLine(string.Create(inv,
                $"  {set.Form,-18} {set.Example,-14} {set.Queries.Length,4} kept of {set.Drawn,4} drawn; {set.ZeroHits} returned no tweet and were left out{(set.Queries.Length > 0 ? $"; e.g. {set.Queries[0]}" : "")}"));
        }

        Console.WriteLine(string.Create(inv, $"  drawn and checked in {clock.Elapsed.TotalSeconds:F1} s (each run once: this also warms up); {failures} failed"));
        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"single-threaded, first page of {recent.Limit}, {settings.Seconds} s each after a {QueryWarmup.TotalSeconds:F0} s warmup, cycling through the set:"));
        Console.WriteLine($"  {"form",-18} {"sort",-9} {"queries",7} {"q/s",8} {"p50 µs",9} {"p90 µs",9} {"p99 µs",9} {"max µs",9} {"hits/page",9}");
        var kept = sets.Where(s => s.Queries.Length > 0).ToList();
        var word = kept.FirstOrDefault(s => s.Form == "word");
        var runs = kept.ToList();
        if (word is not null)
        {
            runs.Add(word with { Form = "word", Request = recent with { Sort = SearchSort.Relevance } });
        }

        foreach (var set in runs)
        {
            var result = SearchQueryRun.Single(engine, set, QueryWarmup, measure);
            failures += Report(set.Form, set.Request.Sort.ToString().ToLowerInvariant(), set.Queries.Length, result);
        }

        if (kept.Count > 0)
        {
            var mixed = SearchQueryRun.Mixed(engine, kept, settings.Threads, QueryWarmup, measure, settings.Seed + 2);
            Console.WriteLine();
            Console.WriteLine(string.Create(inv, $"concurrent: {settings.Threads} threads, each cycling through all {kept.Sum(s => s.Queries.Length):N0} queries of the {kept.Count} forms (recent) in its own shuffled order:"));
            Console.WriteLine(string.Create(inv,
                $"  {mixed.Latency.Count:N0} queries in {mixed.Seconds:F0} s = {mixed.QueriesPerSecond:N0} q/s; p50 {mixed.Latency.PercentileMicroseconds(50):F1} µs, p99 {mixed.Latency.PercentileMicroseconds(99):F1} µs, max {mixed.Latency.MaxMicroseconds:F1} µs; {mixed.MeanHits:F1} hits/page; {mixed.Failures} failed{(mixed.FirstFailure is null ? "" : " first: " + mixed.FirstFailure)}"));
            Console.WriteLine(string.Create(inv, $"RESULT search-query form=mixed threads={settings.Threads} qps={mixed.QueriesPerSecond:F0} p50_us={mixed.Latency.PercentileMicroseconds(50):F1} p99_us={mixed.Latency.PercentileMicroseconds(99):F1}"));
            failures += mixed.Failures;
        }

        return failures;
    }

    private static long Report(string form, string sort, int queries, SearchRunResult result)
    {
        var inv = CultureInfo.InvariantCulture;
        var latency = result.Latency;
        Console.WriteLine(string.Create(inv,
            $"  {form,-18} {sort,-9} {queries,7} {result.QueriesPerSecond,8:N0} {latency.PercentileMicroseconds(50),9:F1} {latency.PercentileMicroseconds(90),9:F1} {latency.PercentileMicroseconds(99),9:F1} {latency.MaxMicroseconds,9:F1} {result.MeanHits,9:F1}{(result.Failures == 0 ? "" : $"  {result.Failures} failed, first: {result.FirstFailure}")}"));
        Console.WriteLine(string.Create(inv,
            $"RESULT search-query form={form.Replace(' ', '-')} sort={sort} threads=1 qps={result.QueriesPerSecond:F0} p50_us={latency.PercentileMicroseconds(50):F1} p90_us={latency.PercentileMicroseconds(90):F1} p99_us={latency.PercentileMicroseconds(99):F1} max_us={latency.MaxMicroseconds:F1} hits_per_page={result.MeanHits:F2}"));
        return result.Failures;
    }

    /// <summary>Phase 4: search lag under a paced write load. Returns failed creates and queries and probe timeouts.</summary>
    private static async Task<long> MeasureLagAsync(ChirpEngine engine, SearchBenchSettings settings, long[] userIds, string[] texts)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine();
        Console.WriteLine(string.Create(inv,
            $"lag: a writer posts {settings.LagRate:N0} tweets/s (paced, corpus texts, up to {settings.Concurrency} in flight) for {settings.LagSeconds} s; a prober creates a tweet with a unique word at a random moment in every {ProbeInterval.TotalMilliseconds:F0} ms and searches for the oldest not yet found every 1 ms"));
        await engine.WaitForSearchAsync().ConfigureAwait(false);
        var statisticsLag = new List<TimeSpan>();
        var probe = new SearchLagProbe(engine, userIds[0], ProbeInterval, ProbeTimeout, settings.Seed + 4);
        (long Created, long Failures, double Seconds) written;
        try
        {
            var writer = PacedPosts.RunAsync(
                engine, userIds, texts, settings.Posts % texts.Length, settings.LagRate, TimeSpan.FromSeconds(settings.LagSeconds), settings.Concurrency, settings.Seed + 3, Console.Out);
            var clock = Stopwatch.StartNew();
            while (!writer.IsCompleted)
            {
                await Task.WhenAny(writer, Task.Delay(LagSampleInterval)).ConfigureAwait(false);
                var lag = engine.GetSearchStatistics().Max(s => s.Lag);
                statisticsLag.Add(lag);
                if (statisticsLag.Count % 5 == 0)
                {
                    Console.WriteLine(string.Create(inv, $"  t={clock.Elapsed.TotalSeconds,5:F1}s  statistics max lag now {lag.TotalMilliseconds,7:F0} ms"));
                }
            }

            written = await writer.ConfigureAwait(false);
        }
        finally
        {
            probe.Dispose();
        }

        var lags = new LatencySummary(probe.Lags);
        double maxStatisticsLag = statisticsLag.Count == 0 ? 0 : statisticsLag.Max().TotalMilliseconds;
        double achieved = written.Created / written.Seconds;
        Console.WriteLine(string.Create(inv, $"writes:            {written.Created:N0} in {written.Seconds:F2} s = {achieved:N0} tweets/s achieved (target {settings.LagRate:N0}); {written.Failures} failed"));
        Console.WriteLine(string.Create(inv,
            $"lag (probed):      {lags.Count:N0} of {probe.Created:N0} probes found, create returned → found by search: p50 {lags.PercentileMicroseconds(50) / 1000:F1} ms, p90 {lags.PercentileMicroseconds(90) / 1000:F1} ms, p99 {lags.PercentileMicroseconds(99) / 1000:F1} ms, max {lags.MaxMicroseconds / 1000:F1} ms; {probe.Polls:N0} searches; {probe.Timeouts} timed out ({ProbeTimeout.TotalSeconds:F0} s); {probe.CreateFailures + probe.QueryFailures} failed{(probe.FirstFailure is null ? "" : " first: " + probe.FirstFailure)}"));
        Console.WriteLine(string.Create(inv, $"lag (statistics):  max over shards of GetSearchStatistics().Lag, read once a second: max {maxStatisticsLag:F0} ms over {statisticsLag.Count} reads"));
        Console.WriteLine(string.Create(inv,
            $"RESULT search-lag refresh_ms={settings.RefreshMs} target_rate={settings.LagRate} achieved_rate={achieved:F0} probes={lags.Count} p50_ms={lags.PercentileMicroseconds(50) / 1000:F1} p90_ms={lags.PercentileMicroseconds(90) / 1000:F1} p99_ms={lags.PercentileMicroseconds(99) / 1000:F1} max_ms={lags.MaxMicroseconds / 1000:F1} statistics_max_ms={maxStatisticsLag:F0}"));
        return written.Failures + probe.CreateFailures + probe.QueryFailures + probe.Timeouts;
    }

    private static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;

    private static double Elapsed(long from, long to) => (to - from) / (double)Stopwatch.Frequency;
}
