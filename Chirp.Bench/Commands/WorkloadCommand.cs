using System.CommandLine;
using Chirp.Bench.Data;
using Chirp.Bench.Workload;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>workload</c>: the workload replayer. The real follow graph (plus synthetic celebrities) and the real corpus are
/// replayed against each chosen system in turn (Chirp in process, Chirp.Server over loopback HTTP, Redis, PostgreSQL)
/// with the same drawn work; the results are printed and written as JSON, a markdown table and a chart.
/// </summary>
public static class WorkloadCommand
{
    private static readonly Option<string> Systems = new("--systems")
    {
        Description = "Systems to run, comma-separated, in this order: chirp (the engine in process), chirp-http (Chirp.Server over loopback HTTP), redis, postgres.",
        DefaultValueFactory = _ => string.Join(',', WorkloadSystems.Names),
    };

    private static readonly Option<WorkloadScale> Scale = new("--scale")
    {
        Description = "Run size: small (about 2 minutes for chirp,redis,postgres), medium, large. Sets every count below; the options override single counts.",
        DefaultValueFactory = _ => WorkloadScale.Small,
    };

    private static readonly Option<string?> Json = new("--json")
    {
        Description = "Write the results as a JSON array (one object per system and operation) to this file.",
    };

    private static readonly Option<string?> Markdown = new("--markdown")
    {
        Description = "Write the results as markdown tables to this file (default: the --json path with .md).",
    };

    private static readonly Option<string?> Chart = new("--chart")
    {
        Description = "Render the chart to this path, without extension (.svg and .png are written).",
    };

    private static readonly Option<long?> Edges = new("--edges")
    {
        Description = "Follow edges read from the start of the real graph (default by scale; 0 reads all).",
    };

    private static readonly Option<int?> Celebrities = new("--celebrities")
    {
        Description = "Synthetic celebrities: celebrity c is followed by a random 30 %/2^c of the graph's users (default by scale).",
    };

    private static readonly Option<int?> Posts = new("--posts")
    {
        Description = "Posts of the write phase (the corpus repeats under new numbers past its end).",
    };

    private static readonly Option<int?> Reads = new("--reads")
    {
        Description = "Home-timeline reads of the read phase.",
    };

    private static readonly Option<int?> Searches = new("--searches")
    {
        Description = "Searches of the search phase.",
    };

    private static readonly Option<int?> Mix = new("--mix")
    {
        Description = "Operations of the mixed phase.",
    };

    private static readonly Option<int?> Concurrency = new("--concurrency", "-c")
    {
        Description = "Operations in flight per phase (closed loops).",
    };

    private static readonly Option<double> Rate = new("--rate")
    {
        Description = "Operations per second offered in the mixed phase (an open loop, latency from the scheduled start); 0 (the default) runs it at saturation.",
        DefaultValueFactory = _ => 0,
    };

    private static readonly Option<int?> Shards = new("--shards", "-s")
    {
        Description = "Shards of the Chirp engine (in process and in the server).",
    };

    private static readonly Option<int?> TimeoutSeconds = new("--phase-timeout")
    {
        Description = "Seconds after which a phase stops issuing operations (the rates are then over what was done).",
    };

    private static readonly Option<double?> MinimumReadSeconds = new("--min-read-seconds")
    {
        Description = "The read and search phases go round their operations again until this many seconds are measured (default 3; 0 runs each once).",
    };

    private static readonly Option<int?> Seed = new("--seed")
    {
        Description = "Seed of every draw (authors, readers, words, the mix).",
    };

    private static readonly Option<string?> Graph = new("--graph")
    {
        Description = "The follow graph file (default ../shared/data/twitter-follow-graph.txt.gz).",
    };

    private static readonly Option<string?> Corpus = new("--corpus")
    {
        Description = "The tweet corpus file (default ../shared/data/tweets-corpus.tsv.gz).",
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory of the systems' temporary data directories (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("workload", "The workload replayer: the real graph and corpus replayed against Chirp, Chirp.Server over HTTP, Redis and PostgreSQL, side by side.")
        {
            Systems, Scale, Json, Markdown, Chart, Edges, Celebrities, Posts, Reads, Searches, Mix, Concurrency, Rate, Shards, TimeoutSeconds, MinimumReadSeconds, Seed, Graph, Corpus, Dir,
        };
        command.Validators.Add(result =>
        {
            // A validator sees no default value: an absent --systems means all of them.
            string systems = result.GetValue(Systems) ?? string.Join(',', WorkloadSystems.Names);
            foreach (string name in SplitSystems(systems))
            {
                if (!WorkloadSystems.Names.Contains(name))
                {
                    result.AddError($"--systems: unknown system '{name}'; known: {string.Join(", ", WorkloadSystems.Names)}.");
                }
            }

            if (SplitSystems(systems).Length == 0)
            {
                result.AddError("--systems: name at least one system.");
            }

            foreach (var option in new[] { Posts, Reads, Searches, Mix, Concurrency, Shards, TimeoutSeconds, Celebrities })
            {
                if (result.GetValue(option) is < 0)
                {
                    result.AddError($"{option.Name} must not be negative.");
                }
            }

            if (result.GetValue(Concurrency) is 0 || result.GetValue(Shards) is 0 || result.GetValue(Posts) is 0)
            {
                result.AddError("--concurrency, --shards and --posts must be at least 1.");
            }

            if (result.GetValue(Rate) < 0)
            {
                result.AddError("--rate must not be negative.");
            }

            if (result.GetValue(MinimumReadSeconds) is { } minimum && (minimum < 0 || !double.IsFinite(minimum) || minimum > 3600))
            {
                result.AddError("--min-read-seconds must be between 0 and 3600.");
            }
        });
        command.SetAction((parse, cancellationToken) =>
        {
            var settings = WorkloadSettings.ForScale(parse.GetValue(Scale));
            settings = settings with
            {
                Edges = parse.GetValue(Edges) is { } edges ? (edges == 0 ? null : edges) : settings.Edges,
                Celebrities = parse.GetValue(Celebrities) ?? settings.Celebrities,
                Posts = parse.GetValue(Posts) ?? settings.Posts,
                Reads = parse.GetValue(Reads) ?? settings.Reads,
                Searches = parse.GetValue(Searches) ?? settings.Searches,
                MixOperations = parse.GetValue(Mix) ?? settings.MixOperations,
                Concurrency = parse.GetValue(Concurrency) ?? settings.Concurrency,
                MixRate = parse.GetValue(Rate),
                Shards = parse.GetValue(Shards) ?? settings.Shards,
                PhaseTimeout = parse.GetValue(TimeoutSeconds) is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.PhaseTimeout,
                MinimumReadTime = parse.GetValue(MinimumReadSeconds) is { } minimum ? TimeSpan.FromSeconds(minimum) : settings.MinimumReadTime,
                Seed = parse.GetValue(Seed) ?? settings.Seed,
            };
            string? json = parse.GetValue(Json);
            return WorkloadRun.RunAsync(new WorkloadRun.Request(
                [.. SplitSystems(parse.GetValue(Systems)!)],
                parse.GetValue(Scale),
                settings,
                parse.GetValue(Graph) is { } graph ? new FollowGraphFile(graph) : FollowGraphFile.Default(),
                parse.GetValue(Corpus) is { } corpus ? new TweetCorpusFile(corpus) : TweetCorpusFile.Default(),
                json,
                parse.GetValue(Markdown) ?? (json is null ? null : Path.ChangeExtension(json, ".md")),
                parse.GetValue(Chart),
                parse.GetValue(Dir)), Console.Out, cancellationToken);
        });
        return command;
    }

    private static string[] SplitSystems(string systems) =>
        systems.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
