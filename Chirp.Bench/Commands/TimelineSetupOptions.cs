using System.CommandLine;
using System.Globalization;
using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>The options of the home-timeline setup, shared by <c>fanout</c> and <c>home-reads</c>.</summary>
public static class TimelineSetupOptions
{
    private static readonly Option<string> PathOption = new("--path")
    {
        Description = "The graph file ('src dst' per line, src follows dst; gzip'd if it ends in .gz). Relative paths are taken from the repository root.",
        DefaultValueFactory = _ => "../shared/data/" + FollowGraphFile.DefaultFileName,
    };

    private static readonly Option<long?> LimitEdges = new Option<long?>("--limit-edges")
    {
        Description = "Load only the first N edges of the graph file (and only the nodes they touch). Default: all.",
    }.AtLeast(1);

    private static readonly Option<int> Celebrities = new Option<int>("--celebrities", "-k")
    {
        Description = "Synthetic celebrities added to the graph; celebrity c is followed by a random top-share / 2^c of the graph's users.",
        DefaultValueFactory = _ => 5,
    }.AtLeast(0);

    private static readonly Option<double> TopShare = new("--top-share")
    {
        Description = "Share of the graph's users following the first celebrity (each next celebrity: half the previous).",
        DefaultValueFactory = _ => 0.30,
    };

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<int?> Threshold = new Option<int?>("--threshold")
    {
        Description = "CelebrityThreshold of the engine. Default: the graph's maximum in-degree + 1 (graph users fanned out, celebrities pulled); a value above every celebrity's follower count (e.g. 1000000) fans the celebrities out too.",
    }.AtLeast(1);

    private static readonly Option<int> Capacity = new Option<int>("--capacity")
    {
        Description = "TimelineCapacity of the engine (entries kept per home timeline).",
        DefaultValueFactory = _ => 800,
    }.AtLeast(10);

    private static readonly Option<int?> MemoryMb = new Option<int?>("--timeline-memory-mb")
    {
        Description = "TimelineMemoryBytes of the engine, in MiB (16 or more; FASTER rounds down to a power of two). Default: the engine's (1024).",
    }.AtLeast(16);

    private static readonly Option<int?> Posts = new Option<int?>("--posts")
    {
        Description = "Posts to replay (corpus texts in a cycle). Default: one per valid corpus text (132,7xx).",
    }.AtLeast(1);

    private static readonly Option<string> Authors = new Option<string>("--authors")
    {
        Description = "How post authors are drawn among the graph's users: 'followers' (probability proportional to followers + 1) or 'uniform'.",
        DefaultValueFactory = _ => "followers",
    }.AcceptOnlyFromAmong("followers", "uniform");

    private static readonly Option<double> CelebrityPosts = new("--celebrity-posts")
    {
        Description = "Share of the posts made by celebrities (each post: a uniformly chosen celebrity).",
        DefaultValueFactory = _ => 0.01,
    };

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "Concurrent create loops replaying the posts (each awaits its create before the next).",
        DefaultValueFactory = _ => 16,
    }.AtLeast(1);

    private static readonly Option<int> ActivateThreads = new Option<int>("--activate-threads")
    {
        Description = "Threads making the one home read per user that activates every timeline.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.AtLeast(1);

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the celebrity follows and of the post authors.",
        DefaultValueFactory = _ => 20251202,
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary engine directory (default: the system temp directory).",
    };

    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { PathOption, LimitEdges, Celebrities, TopShare, Shards, Threshold, Capacity, MemoryMb, Posts, Authors, CelebrityPosts, Concurrency, ActivateThreads, Seed, Dir })
        {
            command.Options.Add(option);
        }
    }

    public static TimelineBenchSettings Read(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return new TimelineBenchSettings
        {
            GraphPath = RepositoryPaths.ResolveFromRepository(parse.GetValue(PathOption)!),
            EdgeLimit = parse.GetValue(LimitEdges),
            Celebrities = parse.GetValue(Celebrities),
            TopCelebrityShare = parse.GetValue(TopShare),
            Shards = parse.GetValue(Shards),
            CelebrityThreshold = parse.GetValue(Threshold),
            TimelineCapacity = parse.GetValue(Capacity),
            TimelineMemoryBytes = parse.GetValue(MemoryMb) * (1L << 20),
            Posts = parse.GetValue(Posts),
            Weighting = parse.GetValue(Authors) == "uniform" ? PostAuthorWeighting.Uniform : PostAuthorWeighting.Followers,
            CelebrityPostShare = parse.GetValue(CelebrityPosts),
            CreateConcurrency = parse.GetValue(Concurrency),
            ActivateParallelism = parse.GetValue(ActivateThreads),
            Seed = parse.GetValue(Seed),
            Directory = parse.GetValue(Dir),
        };
    }

    /// <summary>The settings on one line, for the top of a report.</summary>
    public static string Describe(TimelineBenchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return string.Create(CultureInfo.InvariantCulture, $"path={settings.GraphPath} limit-edges={settings.EdgeLimit?.ToString(CultureInfo.InvariantCulture) ?? "all"} celebrities={settings.Celebrities} top-share={settings.TopCelebrityShare} ") +
            string.Create(CultureInfo.InvariantCulture, $"shards={settings.Shards} threshold={settings.CelebrityThreshold?.ToString(CultureInfo.InvariantCulture) ?? "auto"} capacity={settings.TimelineCapacity} timeline-memory={(settings.TimelineMemoryBytes is { } bytes ? (bytes >> 20).ToString(CultureInfo.InvariantCulture) + "MiB" : "default")} posts={settings.Posts?.ToString(CultureInfo.InvariantCulture) ?? "corpus"} authors={settings.Weighting.ToString().ToLowerInvariant()} ") +
            string.Create(CultureInfo.InvariantCulture, $"celebrity-posts={settings.CelebrityPostShare} concurrency={settings.CreateConcurrency} seed={settings.Seed}");
    }
}
