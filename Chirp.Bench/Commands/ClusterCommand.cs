using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Cluster;
using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>cluster</c>: issue 15's benchmarks of the replicated server, every node a Chirp.Server child process on loopback
/// (started as <c>cluster-local</c> starts them): posts/s of a 3-node cluster against a lone server, failover time
/// after a leader's SIGKILL, the visibility lag on another node, the idle CPU and leader changes, and a follower's
/// catch-up and snapshot install. All processes share this machine's cores with the load generator.
/// </summary>
public static class ClusterCommand
{
    private static readonly string[] AllPhases = ["posts", "lag", "idle", "failover", "snapshot"];

    private static readonly Option<string[]> Phases = new Option<string[]>("--phases", "-p")
    {
        Description = "Phases to run (comma- or space-separated): posts, lag, idle, failover, snapshot. The first four share one cluster, in that order; snapshot starts its own.",
        DefaultValueFactory = _ => AllPhases,
        AllowMultipleArgumentsPerToken = true,
        CustomParser = result => [.. result.Tokens.SelectMany(token => token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
    };

    private static readonly Option<int> Nodes = new Option<int>("--nodes")
    {
        Description = "Nodes of the cluster.",
        DefaultValueFactory = _ => 3,
    }.AtLeast(3).AtMost(9);

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of every node and of the lone server (one Raft group per shard per node).",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1).AtMost(64);

    private static readonly Option<int> Users = new Option<int>("--users")
    {
        Description = "Accounts signed up through the API (spread over the shards by their ids).",
        DefaultValueFactory = _ => 100,
    }.AtLeast(2);

    private static readonly Option<int> Follows = new Option<int>("--follows")
    {
        Description = "Accounts each user follows, drawn at random (seeded): each post is fanned out to its author's followers.",
        DefaultValueFactory = _ => 10,
    }.AtLeast(0);

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "Closed loops of the posts saturation runs and the snapshot fill; also requests in flight during the setup.",
        DefaultValueFactory = _ => 32,
    }.AtLeast(1);

    private static readonly Option<int> Seconds = new Option<int>("--seconds", "-n")
    {
        Description = "Seconds measured per posts run (single and cluster) and of the lag run.",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);

    private static readonly Option<int> Warmup = new Option<int>("--warmup")
    {
        Description = "Seconds of load before each posts run's measurement (not counted).",
        DefaultValueFactory = _ => 2,
    }.AtLeast(0);

    private static readonly Option<int> Kills = new Option<int>("--kills", "-k")
    {
        Description = "Leader kills of the failover phase.",
        DefaultValueFactory = _ => 40,
    }.AtLeast(1);

    private static readonly Option<int> FailoverConcurrency = new Option<int>("--failover-load")
    {
        Description = "Closed loops of posts running through the failover phase.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(0);

    private static readonly Option<int> LagRate = new Option<int>("--lag-rate")
    {
        Description = "Posts/s offered in the lag phase; 0 (the default) means half the cluster's posts/s measured by the posts phase (a 5 s measurement if that phase is not run).",
        DefaultValueFactory = _ => 0,
    }.AtLeast(0);

    private static readonly Option<int> IdleSeconds = new Option<int>("--idle-seconds")
    {
        Description = "Seconds the idle phase watches the cluster (issue 15 asks for 10 quiet minutes: 600).",
        DefaultValueFactory = _ => 30,
    }.AtLeast(1);

    private static readonly Option<int> SnapshotEveryEntries = new Option<int>("--snapshot-every")
    {
        Description = "Chirp:Cluster:SnapshotEveryEntries of the snapshot phase's cluster.",
        DefaultValueFactory = _ => 1000,
    }.AtLeast(2);

    private static readonly Option<int> FillSeconds = new Option<int>("--fill-seconds")
    {
        Description = "Seconds of posts (closed loops) that fill the snapshot phase's cluster before a follower is taken down; the fill goes on (up to 5 min) until every replica has published a snapshot.",
        DefaultValueFactory = _ => 30,
    }.AtLeast(1);

    private static readonly Option<int> DownSeconds = new Option<int>("--down-seconds")
    {
        Description = "Seconds the follower stays down (posts going on) before its catch-up is measured (issue 15 asks for 5 minutes: 300).",
        DefaultValueFactory = _ => 20,
    }.AtLeast(1);

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the follow graph.",
        DefaultValueFactory = _ => 20251207,
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory of the nodes' data directories (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("cluster", "Issue 15's cluster benchmarks over loopback HTTP with Chirp.Server child processes: posts/s of a cluster against one node, failover after SIGKILL, visibility lag, idle CPU and leader changes, catch-up and snapshot install.")
        {
            Phases, Nodes, Shards, Users, Follows, Concurrency, Seconds, Warmup, Kills, FailoverConcurrency, LagRate, IdleSeconds, SnapshotEveryEntries, FillSeconds, DownSeconds, Seed, Dir,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(Phases)!.FirstOrDefault(phase => !AllPhases.Contains(phase)) is { } unknown)
            {
                result.AddError($"Unknown phase '{unknown}'; the phases are {string.Join(", ", AllPhases)}.");
            }
        });
        command.SetAction((parse, _) => RunAsync(new ClusterBenchSettings(
            [.. AllPhases.Where(parse.GetValue(Phases)!.Contains)], parse.GetValue(Nodes), parse.GetValue(Shards), parse.GetValue(Users), parse.GetValue(Follows),
            parse.GetValue(Concurrency), parse.GetValue(Seconds), parse.GetValue(Warmup), parse.GetValue(Kills), parse.GetValue(FailoverConcurrency),
            parse.GetValue(LagRate), parse.GetValue(IdleSeconds), parse.GetValue(SnapshotEveryEntries), parse.GetValue(FillSeconds), parse.GetValue(DownSeconds),
            parse.GetValue(Seed), parse.GetValue(Dir))));
        return command;
    }

    private static async Task<int> RunAsync(ClusterBenchSettings settings)
    {
        var inv = CultureInfo.InvariantCulture;
        var total = Stopwatch.StartNew();
        Console.WriteLine(string.Create(inv, $"cluster: phases={string.Join(',', settings.Phases)} nodes={settings.Nodes} shards={settings.Shards} users={settings.Users} follows={settings.Follows} concurrency={settings.Concurrency} seconds={settings.Seconds} warmup={settings.Warmup}s kills={settings.Kills} failover-load={settings.FailoverConcurrency} idle-seconds={settings.IdleSeconds} snapshot-every={settings.SnapshotEveryEntries} fill-seconds={settings.FillSeconds} down-seconds={settings.DownSeconds}"));
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"note: every node is a Chirp.Server process on this machine, sharing its {Environment.ProcessorCount} cores with each other and with this load generator.");
        var corpus = TweetCorpusFile.Default();
        string[] texts = corpus.LoadValidTexts();
        Console.WriteLine($"corpus: {texts.Length:N0} valid texts from {corpus.Path}");

        HttpRunResult? single = null;
        if (settings.Phases.Contains("posts"))
        {
            single = await PostsPhase.MeasureSingleAsync(texts, settings).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"single process: {single.RequestsPerSecond:N0} posts/s"));
        }

        if (settings.Phases.Any(phase => phase is "posts" or "lag" or "idle" or "failover"))
        {
            var clock = Stopwatch.StartNew();
            await using var cluster = await BenchCluster.StartAsync(settings.Nodes, settings.Shards, replicated: true, settings.Directory, []).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"cluster: {settings.Nodes} nodes ready {clock.Elapsed.TotalSeconds:F1} s after the start, under {cluster.Root} (pids {string.Join(' ', cluster.Nodes.Select(n => n.Pid))})"));
            var users = await ClusterUsers.SignUpAsync(cluster, settings.Users, settings.Follows, settings.Concurrency, settings.Seed).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"setup: {users.Count} users (per shard: {string.Join(' ', users.ByShard.Select(s => s.Length))}), {settings.Follows} follows each, {clock.Elapsed.TotalSeconds:F1} s"));

            HttpRunResult? clustered = null;
            if (single is not null)
            {
                clustered = await PostsPhase.MeasureAsync(cluster, users, texts, settings).ConfigureAwait(false);
                PostsPhase.Report(single, clustered, settings.Nodes);
            }

            if (settings.Phases.Contains("lag"))
            {
                int rate = settings.LagRate;
                if (rate == 0)
                {
                    clustered ??= await PostsPhase.MeasureAsync(cluster, users, texts, settings with { Seconds = 5, Warmup = 1 }).ConfigureAwait(false);
                    rate = Math.Max(1, (int)(clustered.RequestsPerSecond / 2));
                }

                await LagPhase.RunAsync(cluster, users, texts, rate, settings.Seconds).ConfigureAwait(false);
            }

            if (settings.Phases.Contains("idle"))
            {
                await IdlePhase.RunAsync(cluster, settings.IdleSeconds, settle: TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }

            if (settings.Phases.Contains("failover"))
            {
                await FailoverPhase.RunAsync(cluster, users, texts, settings.Kills, settings.FailoverConcurrency).ConfigureAwait(false);
            }
        }

        if (settings.Phases.Contains("snapshot"))
        {
            await SnapshotPhase.RunAsync(texts, settings).ConfigureAwait(false);
        }

        Console.WriteLine();
        Console.WriteLine(string.Create(inv, $"machine after: {MachineInfo.Describe()}; the whole run took {total.Elapsed.TotalMinutes:F1} min"));
        return 0;
    }
}
