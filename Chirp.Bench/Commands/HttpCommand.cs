using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Chirp.Bench.Data;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>http</c>: Chirp.Server in this process on a loopback port, driven over real HTTP by this same process. After a
/// setup through the API (sign-ups, follows, corpus posts), each operation (home timeline reads, status creation,
/// search) is measured at saturation (closed loops) and at a steady offered load (an open loop, latency from the
/// scheduled send). The load generator and the server share the machine's cores.
/// </summary>
public static class HttpCommand
{
    private static readonly string[] AllOperations = ["home", "post", "search"];

    private static readonly Option<int> Users = new Option<int>("--users")
    {
        Description = "Accounts signed up through POST /api/v1/accounts.",
        DefaultValueFactory = _ => 200,
    }.AtLeast(2);

    private static readonly Option<int> Follows = new Option<int>("--follows")
    {
        Description = "Accounts each user follows, drawn at random (seeded).",
        DefaultValueFactory = _ => 20,
    }.AtLeast(0);

    private static readonly Option<int> PostsPerUser = new Option<int>("--posts-per-user")
    {
        Description = "Statuses (random corpus texts) each user posts during the setup.",
        DefaultValueFactory = _ => 5,
    }.AtLeast(0);

    private static readonly Option<int> Concurrency = new Option<int>("--concurrency", "-c")
    {
        Description = "Closed loops of the saturation runs (each awaits its answer before the next request); also requests in flight during the setup.",
        DefaultValueFactory = _ => 32,
    }.AtLeast(1);

    private static readonly Option<int> Seconds = new Option<int>("--seconds", "-n")
    {
        Description = "Seconds measured per run (after the warmup).",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);

    private static readonly Option<int> Warmup = new Option<int>("--warmup")
    {
        Description = "Seconds of load before each run's measurement (not counted).",
        DefaultValueFactory = _ => 2,
    }.AtLeast(0);

    private static readonly Option<int> Rate = new Option<int>("--rate")
    {
        Description = "Offered requests/s of the steady runs; 0 (the default) means half the saturation rate measured for that operation.",
        DefaultValueFactory = _ => 0,
    }.AtLeast(0);

    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the server's engine.",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1).AtMost(1024);

    private static readonly Option<string[]> Operations = new Option<string[]>("--operations", "-o")
    {
        Description = "Operations to measure: home (GET /api/v1/timelines/home), post (POST /api/v1/statuses), search (GET /api/v2/search).",
        DefaultValueFactory = _ => AllOperations,
        AllowMultipleArgumentsPerToken = true,
    }.AcceptOnlyFromAmong(AllOperations);

    private static readonly Option<int> Seed = new("--seed")
    {
        Description = "Seed of the follow graph, the setup's posts and the search words.",
        DefaultValueFactory = _ => 20251202,
    };

    private static readonly Option<bool> SyncWrites = new("--sync-writes")
    {
        Description = "The server's Chirp:SyncWrites: fsync each write group before acknowledging (the server's default, true) or not (false).",
        DefaultValueFactory = _ => true,
    };

    private static readonly Option<string?> Dir = new("--dir")
    {
        Description = "Parent directory for the temporary data directory (default: the system temp directory).",
    };

    public static Command Create()
    {
        var command = new Command("http", "Chirp.Server over loopback HTTP, in process: home timeline reads, status creation and search at saturation and at a steady offered load.")
        {
            Users, Follows, PostsPerUser, Concurrency, Seconds, Warmup, Rate, Shards, Operations, Seed, SyncWrites, Dir,
        };
        command.SetAction((parse, _) => RunAsync(new HttpBenchSettings(
            parse.GetValue(Users), parse.GetValue(Follows), parse.GetValue(PostsPerUser), parse.GetValue(Concurrency),
            parse.GetValue(Seconds), parse.GetValue(Warmup), parse.GetValue(Rate), parse.GetValue(Shards),
            [.. parse.GetValue(Operations)!.Distinct(StringComparer.Ordinal)], parse.GetValue(Seed), parse.GetValue(Dir)), parse.GetValue(SyncWrites)));
        return command;
    }

    private static async Task<int> RunAsync(HttpBenchSettings settings, bool syncWrites)
    {
        Console.WriteLine($"http: users={settings.Users} follows={settings.Follows} posts-per-user={settings.PostsPerUser} concurrency={settings.Concurrency} " +
            $"seconds={settings.Seconds} warmup={settings.Warmup}s rate={(settings.Rate == 0 ? "half of saturation" : settings.Rate.ToString(CultureInfo.InvariantCulture))} " +
            $"shards={settings.Shards} operations={string.Join(',', settings.Operations)} seed={settings.Seed} sync-writes={syncWrites}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        Console.WriteLine($"note: the load generator and the server run in this one process and share the machine's {Environment.ProcessorCount} cores.");
        var corpus = TweetCorpusFile.Default();
        string[] texts = corpus.LoadValidTexts();
        Console.WriteLine($"corpus: {texts.Length:N0} valid texts from {corpus.Path}");

        await using var server = await HttpBenchServer.StartAsync(settings.Shards, settings.Directory, ["--Chirp:SyncWrites", syncWrites ? "true" : "false"]).ConfigureAwait(false);
        Console.WriteLine($"server: {server.BaseAddress} over {server.DataDirectory} ({string.Join(' ', HttpBenchServer.Settings)})");
        var clock = Stopwatch.StartNew();
        var world = await HttpBenchWorld.CreateAsync(server, settings, texts).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"setup took {clock.Elapsed.TotalSeconds:F1} s (fanned out and searchable)"));

        long errors = 0;
        foreach (string operation in settings.Operations)
        {
            var request = RequestFactory(operation, world, texts);
            Console.WriteLine();
            Console.WriteLine($"{operation}: {Describe(operation)}");
            var saturation = await HttpLoad.SaturateAsync(server.Client, request, settings.Concurrency, settings.Warmup, settings.Seconds).ConfigureAwait(false);
            Report(operation, "saturation", $"concurrency={settings.Concurrency}", saturation, offered: null);

            int rate = settings.Rate > 0 ? settings.Rate : Math.Max(1, (int)(saturation.RequestsPerSecond / 2));
            var steady = await HttpLoad.PacedAsync(server.Client, request, rate, settings.Warmup, settings.Seconds).ConfigureAwait(false);
            Report(operation, "steady", $"offered_per_s={rate}", steady, rate);
            errors += saturation.Errors + steady.Errors;
        }

        Console.WriteLine();
        Console.WriteLine($"machine after: {MachineInfo.Describe()}");
        Console.WriteLine($"errors (non-2xx answers and failed requests) in all measured windows: {errors:N0}");
        return errors == 0 ? 0 : 1;
    }

    private static string Describe(string operation) => operation switch
    {
        "home" => "GET /api/v1/timelines/home?limit=20 as a random user",
        "post" => "POST /api/v1/statuses with a random corpus text as a random user",
        "search" => "GET /api/v2/search?q=<a word of a posted status>&type=statuses as a random user",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
    };

    /// <summary>A new request per call (a request message can be sent once); users, texts and words drawn at random.</summary>
    private static Func<HttpRequestMessage> RequestFactory(string operation, HttpBenchWorld world, string[] texts)
    {
        HttpRequestMessage AsRandomUser(HttpMethod method, string path, HttpContent? content = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", world.Tokens[Random.Shared.Next(world.Tokens.Count)]);
            return request;
        }

        return operation switch
        {
            "home" => () => AsRandomUser(HttpMethod.Get, "/api/v1/timelines/home?limit=20"),
            "post" => () => AsRandomUser(HttpMethod.Post, "/api/v1/statuses", HttpBenchWorld.Form(("status", texts[Random.Shared.Next(texts.Length)]))),
            "search" => () => AsRandomUser(HttpMethod.Get, "/api/v2/search?type=statuses&q=" + Uri.EscapeDataString(world.SearchWords[Random.Shared.Next(world.SearchWords.Count)])),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown operation"),
        };
    }

    private static void Report(string operation, string mode, string load, HttpRunResult result, int? offered)
    {
        var inv = CultureInfo.InvariantCulture;
        var latency = result.Latency;
        string achieved = offered is null ? "" : string.Create(inv, $" (offered {offered:N0}/s)");
        Console.WriteLine(string.Create(inv, $"  {mode,-10} {load}: {result.RequestsPerSecond:N0} requests/s{achieved}; latency ms p50 {latency.PercentileMicroseconds(50) / 1000:F2}  p90 {latency.PercentileMicroseconds(90) / 1000:F2}  p99 {latency.PercentileMicroseconds(99) / 1000:F2}  max {latency.MaxMicroseconds / 1000:F2}; errors {result.Errors:N0}"));
        if (result.FirstError is not null)
        {
            Console.WriteLine($"             first error: {result.FirstError}");
        }

        Console.WriteLine(string.Create(inv, $"RESULT http op={operation} mode={mode} {load} seconds={result.Seconds:F0} requests_per_s={result.RequestsPerSecond:F0} p50_us={latency.PercentileMicroseconds(50):F0} p90_us={latency.PercentileMicroseconds(90):F0} p99_us={latency.PercentileMicroseconds(99):F0} errors={result.Errors}"));
    }
}
