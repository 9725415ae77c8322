using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>A whole workload run: data, plan, each system in turn, the cross-check and the reports.</summary>
public static class WorkloadRun
{
    /// <summary>What to run and where to write.</summary>
    public sealed record Request(
        IReadOnlyList<string> Systems,
        WorkloadScale Scale,
        WorkloadSettings Settings,
        FollowGraphFile Graph,
        TweetCorpusFile Corpus,
        string? JsonPath,
        string? MarkdownPath,
        string? ChartPath,
        string? Directory);

    /// <summary>Runs it; returns the process exit code (1 when a system failed its run or the cross-check).</summary>
    public static async Task<int> RunAsync(Request request, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        var settings = request.Settings;
        var clock = Stopwatch.StartNew();
        log.WriteLine($"workload: scale {request.Scale.ToString().ToLowerInvariant()}, systems {string.Join(',', request.Systems)}");
        log.WriteLine($"machine: {MachineInfo.Describe()}");
        foreach (var file in new[] { request.Graph.Path, request.Corpus.Path })
        {
            if (!File.Exists(file))
            {
                log.WriteLine($"error: the data file {file} is missing (see ../shared/data/README.md, or pass --graph/--corpus).");
                return 2;
            }
        }

        var edges = request.Graph.LoadEdges(settings.Edges);
        var world = TimelineWorld.Build(edges, settings.Celebrities, settings.CelebrityTopShare, settings.Seed);
        string[] texts = request.Corpus.LoadValidTexts();
        var plan = WorkloadPlan.Build(world, texts, settings);
        var warmupPlan = WarmupPlan(edges, texts, settings);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"world: {world.UserCount:N0} users ({world.RealUserCount:N0} from {settings.Edges?.ToString("N0", CultureInfo.InvariantCulture) ?? "all"} graph edges, {world.CelebrityCount} celebrities), {world.RealEdgeCount:N0} graph follows + {world.CelebrityFollowCount:N0} celebrity follows; celebrity threshold {world.CelebrityThreshold}"));
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plan: {settings.Posts:N0} posts ({texts.Length:N0} corpus texts), {settings.Reads:N0} reads, {settings.Searches:N0} searches, {settings.MixOperations:N0} mixed operations ({string.Join(", ", WorkloadMix.Shares.Select(s => $"{s.Kind.ToString().ToLowerInvariant()} {s.Share:P1}"))}), concurrency {settings.Concurrency}, mixed rate {(settings.MixRate > 0 ? settings.MixRate.ToString("N0", CultureInfo.InvariantCulture) + "/s" : "saturation")}, page {settings.PageSize}, seed {settings.Seed}"));
        log.WriteLine($"cross-check: {plan.CrossCheckTimelines.Count} home timelines, {plan.CrossCheckSearches.Count} search words");

        var runs = new List<SystemRun>();
        var unavailable = new List<string>();
        int failures = 0;
        foreach (string name in request.Systems)
        {
            log.WriteLine();
            IWorkloadSystem system;
            try
            {
                if (warmupPlan is not null)
                {
                    await WarmUpAsync(name, warmupPlan, request.Directory, log, cancellationToken).ConfigureAwait(false);
                }

                system = await WorkloadSystems.StartAsync(name, plan, request.Directory).ConfigureAwait(false);
            }
            catch (WorkloadSystemUnavailableException ex)
            {
                log.WriteLine($"[{name}] NOT RUN: {ex.Message}");
                unavailable.Add($"{name}: {ex.Message}");
                continue;
            }

            try
            {
                await using (system.ConfigureAwait(false))
                {
                    runs.Add(await SystemRunner.RunAsync(system, plan, log, cancellationToken).ConfigureAwait(false));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures++;
                log.WriteLine($"[{name}] FAILED: {ex}");
            }
        }

        log.WriteLine();
        var outcomes = runs.Select(run => CrossCheck.Compare(plan, run)).ToList();
        foreach (var outcome in outcomes)
        {
            log.WriteLine($"cross-check [{outcome.System}]: {outcome.TimelinesAgreeing}/{outcome.Timelines} home timelines and {outcome.SearchesAgreeing}/{outcome.Searches} searches agree with the plan{(outcome.Agrees ? string.Empty : " — DISAGREES")}");
            foreach (string difference in outcome.Differences)
            {
                log.WriteLine($"  {difference}");
            }
        }

        var rows = WorkloadReport.ComputeRatios([.. runs.SelectMany(r => r.Rows)]);
        string markdown = WorkloadReport.ToMarkdown(rows) + Environment.NewLine + Details(plan, runs, outcomes, unavailable);
        log.WriteLine();
        log.WriteLine(markdown);
        if (request.JsonPath is { } json)
        {
            WorkloadReport.WriteJson(rows, json);
            log.WriteLine($"wrote {json}");
        }

        if (request.MarkdownPath is { } md)
        {
            await File.WriteAllTextAsync(md, markdown, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"wrote {md}");
        }

        if (request.ChartPath is { } chart)
        {
            WorkloadChart.Render(rows, chart, $"Chirp workload, scale {request.Scale.ToString().ToLowerInvariant()}, {Environment.ProcessorCount} cores, {DateTimeOffset.UtcNow:yyyy-MM-dd}");
            log.WriteLine($"wrote {chart}.svg and {chart}.png");
        }

        log.WriteLine($"workload done in {clock.Elapsed.TotalSeconds:F0} s");
        return failures > 0 || outcomes.Any(o => !o.Agrees) ? 1 : 0;
    }

    /// <summary>
    /// A small plan on the first 5,000 edges of the same graph, run on a throwaway instance of each system before its
    /// measured run: the harness and Chirp are .NET, whose code is compiled at run time and recompiled optimized after
    /// use (the first seconds of a fresh process run slower code), while Redis and PostgreSQL are native binaries.
    /// Every system gets it, so the clients' code (StackExchange.Redis, Npgsql, HttpClient) is warm too. Null when the
    /// graph is too small to hold a warmup world.
    /// </summary>
    private static WorkloadPlan? WarmupPlan(FollowEdge[] edges, string[] texts, WorkloadSettings settings)
    {
        const int WarmupEdges = 5_000;
        if (edges.Length < 2 * WarmupEdges)
        {
            return null;
        }

        var world = TimelineWorld.Build(edges[..WarmupEdges], 1, settings.CelebrityTopShare, settings.Seed);
        return WorkloadPlan.Build(world, texts, settings with
        {
            Posts = 5_000,
            Reads = 4_000,
            Searches = 1_000,
            MixOperations = 3_000,
            CrossCheckUsers = 10,
            CrossCheckWords = 10,
            PhaseTimeout = TimeSpan.FromSeconds(3),
        });
    }

    private static async Task WarmUpAsync(string name, WorkloadPlan warmup, string? directory, TextWriter log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var system = await WorkloadSystems.StartAsync(name, warmup, directory).ConfigureAwait(false);
        await using (system.ConfigureAwait(false))
        {
            await SystemRunner.RunAsync(system, warmup, TextWriter.Null, cancellationToken).ConfigureAwait(false);
        }

        log.WriteLine($"[{name}] warmed up on a throwaway instance ({warmup.World.UserCount:N0} users, {warmup.Settings.Posts:N0} posts) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The run's other figures: load, fanout drain, timeline memory per entry, memory and disk, the cross-check.</summary>
    private static string Details(WorkloadPlan plan, IReadOnlyList<SystemRun> runs, IReadOnlyList<CrossCheck.Outcome> outcomes, IReadOnlyList<string> unavailable)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine("| system | load (s) | fanout inserts | fanout drain (s) | timeline bytes/entry | peak memory (MiB) | of which harness at start (MiB) | disk (MiB) | cross-check |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var run in runs)
        {
            var outcome = outcomes.First(o => o.System == run.Name);
            text.AppendLine(string.Create(inv,
                $"| {run.Name} | {run.LoadSeconds:F1} | {(run.TimelineMemory is null && run.FanoutInserts == 0 ? "–" : run.FanoutInserts.ToString("N0", inv))} | {(run.FanoutDrainSeconds is { } d ? d.ToString("F2", inv) : "–")} | {(run.TimelineMemory is { } m ? m.BytesPerEntry.ToString("F1", inv) : "–")} | {run.PeakRssBytes / 1048576.0:N0} | {(run.HarnessBytes > 0 ? (run.HarnessBytes / 1048576.0).ToString("N0", inv) : "–")} | {run.DiskBytes / 1048576.0:N1} | {outcome.TimelinesAgreeing}/{outcome.Timelines} timelines, {outcome.SearchesAgreeing}/{outcome.Searches} searches |"));
        }

        var chirp = runs.FirstOrDefault(r => r.Name == "chirp")?.TimelineMemory;
        foreach (var run in runs.Where(r => r.Name != "chirp" && r.TimelineMemory is not null))
        {
            if (chirp is not null)
            {
                text.AppendLine();
                text.AppendLine(string.Create(inv, $"Timeline memory per entry, chirp/{run.Name}: {chirp.BytesPerEntry / run.TimelineMemory!.BytesPerEntry:F2} ({chirp.BytesPerEntry:F1} vs {run.TimelineMemory.BytesPerEntry:F1} bytes)."));
            }
        }

        var withClasses = runs.Where(r => r.TimelineMemory is { Classes.Count: > 0 }).ToList();
        if (withClasses.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Timeline memory by timeline size (each timeline's own bytes: Redis's MEMORY USAGE of the key; Chirp's live record by layout):");
            text.AppendLine();
            text.AppendLine("| entries per timeline | " + string.Join(" | ", withClasses.Select(r => $"{r.Name}: timelines | {r.Name}: bytes/entry")) + " |");
            text.AppendLine("| --- | " + string.Join(" | ", withClasses.Select(_ => "---: | ---:")) + " |");
            for (int i = 0; i < TimelineSizeClass.Bounds.Count; i++)
            {
                text.Append(CultureInfo.InvariantCulture, $"| {withClasses[0].TimelineMemory!.Classes[i].Label} |");
                foreach (var run in withClasses)
                {
                    var size = run.TimelineMemory!.Classes[i];
                    text.Append(CultureInfo.InvariantCulture, $" {size.Timelines:N0} | {(size.Entries == 0 ? "–" : size.BytesPerEntry.ToString("F1", inv))} |");
                }

                text.AppendLine();
            }
        }

        foreach (string line in unavailable)
        {
            text.AppendLine();
            text.AppendLine($"Not run: {line}");
        }

        text.AppendLine();
        text.AppendLine(string.Create(inv, $"World: {plan.World.UserCount:N0} users, {plan.World.RealEdgeCount + plan.World.CelebrityFollowCount:N0} follows. Cross-check: {plan.CrossCheckTimelines.Count} home timelines and {plan.CrossCheckSearches.Count} words, compared as sets with what the plan predicts."));
        return text.ToString();
    }
}
