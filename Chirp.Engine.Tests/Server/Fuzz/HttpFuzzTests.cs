using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// The HTTP surface under thousands of random and malformed requests (issue 5): no answer is a 5xx, API answers are
/// JSON with the documented error shape, forged tokens get nowhere, the server logs no error, and afterwards it still
/// signs up, posts, reads, fans out and searches correctly. The seed is printed; CHIRP_FUZZ_SEED replays it.
/// </summary>
public sealed class HttpFuzzTests(ITestOutputHelper output)
{
    private const int MaxReported = 25;

    [Fact]
    public async Task Random_and_malformed_requests_get_no_5xx_and_json_answers_and_the_server_still_works()
    {
        int seed = FuzzSettings.Seed;
        int count = FuzzSettings.Requests;
        output.WriteLine($"seed {seed} (replay: {FuzzSettings.SeedVariable}={seed}), {count} requests, {FuzzSettings.Concurrency} at a time");
        var errors = new ServerErrorLog();
        await using var server = await StartConfiguredAsync(builder => builder.Logging.AddProvider(errors), null, FuzzSettings.LiftedRateLimits);
        var targets = await FuzzTargets.CreateOnAsync(server);
        var generator = new FuzzRequestGenerator(seed, targets);
        var requests = Enumerable.Range(1, count).Select(generator.Next).ToList();

        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(30) };
        var problems = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = FuzzSettings.Concurrency }, async (request, cancellation) =>
        {
            using var message = request.ToMessage(server.BaseAddress);
            try
            {
                using var response = await client.SendAsync(message, cancellation);
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellation);
                statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                foreach (string problem in FuzzResponseRules.Problems(request, response, body))
                {
                    problems.Enqueue($"{problem}\n  request {request.Describe()}\n  response {(int)response.StatusCode} {response.Content.Headers.ContentType}: {FuzzEncoding.Excerpt(body)}");
                }
            }
            catch (HttpRequestException) when (request.BodyOverLimit)
            {
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // The server dropped the connection or hung: both are failures the client can only see this way.
                problems.Enqueue($"no answer ({e.GetType().Name}: {e.Message})\n  request {request.Describe()}");
            }
        });
        output.WriteLine($"{count} requests in {stopwatch.Elapsed.TotalSeconds:F1} s; statuses: {Histogram(statuses)}");
        output.WriteLine($"routes: {string.Join(", ", requests.GroupBy(r => r.Route.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"))}");

        var afterwards = await Record.ExceptionAsync(() => CheckTheServerStillWorksAsync(server, targets));
        Assert.True(problems.IsEmpty && errors.Entries.Count == 0 && afterwards is null, Report(seed, problems, errors, afterwards));
    }

    [Fact]
    public async Task Malformed_http_below_the_client_is_refused_without_5xx_and_the_server_still_works()
    {
        int seed = FuzzSettings.Seed;
        const int Mutations = 400;
        output.WriteLine($"seed {seed} (replay: {FuzzSettings.SeedVariable}={seed}), {Mutations} mutated requests plus the fixed cases");
        var errors = new ServerErrorLog();
        await using var server = await StartConfiguredAsync(builder => builder.Logging.AddProvider(errors), null, FuzzSettings.LiftedRateLimits);
        var targets = await FuzzTargets.CreateOnAsync(server);
        var generator = new RawRequestGenerator(seed, targets, server.BaseAddress.Authority);
        var requests = generator.Fixed().Concat(Enumerable.Range(1, Mutations).Select(generator.Mutated)).ToList();

        var problems = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = FuzzSettings.Concurrency }, async (request, _) =>
        {
            byte[]? answer = await RawHttpExchange.SendAsync(server.BaseAddress, request.Bytes, TimeSpan.FromSeconds(15));
            string description = $"{request.Name}\n  request: {FuzzEncoding.Excerpt(request.Bytes, 600)}";
            if (answer is null)
            {
                problems.Enqueue($"neither an answer nor a close in 15 s\n  {description}");
                return;
            }

            if (answer.Length == 0)
            {
                // Kestrel closes without a word when the request ended before its head did: fine.
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                return;
            }

            var response = RawResponse.Parse(answer);
            statuses.AddOrUpdate(response?.Status ?? -1, 1, (_, n) => n + 1);
            if (response is null)
            {
                // The HTTP/2 connection preface gets an HTTP/2 frame (GOAWAY) back, which is right.
                if (!request.Bytes.AsSpan().StartsWith("PRI * HTTP/2.0"u8))
                {
                    problems.Enqueue($"an answer that is not HTTP/1.x: {FuzzEncoding.Excerpt(answer)}\n  {description}");
                }
            }
            else if (response.Status == 505 && !response.HasHeader("X-RateLimit-Limit"))
            {
                // Kestrel's own answer to a request line whose version is not HTTP/1.x (the app never runs): the
                // status RFC 9110 prescribes, not a server fault.
            }
            else if (response.Status >= 500)
            {
                problems.Enqueue($"status {response.Status}\n  {description}\n  response: {FuzzEncoding.Excerpt(answer)}");
            }
            else if (response.HasHeader("X-RateLimit-Limit") && response.Status is not (204 or 304) && !(response.Header("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) ?? false))
            {
                // The app handled it (the rate limiter ran), so the API's promise of a JSON body holds.
                problems.Enqueue($"an API answer that is not JSON\n  {description}\n  response: {FuzzEncoding.Excerpt(answer)}");
            }
        });
        output.WriteLine($"{requests.Count} raw requests in {stopwatch.Elapsed.TotalSeconds:F1} s; statuses (0: closed without an answer): {Histogram(statuses)}");

        var afterwards = await Record.ExceptionAsync(() => CheckTheServerStillWorksAsync(server, targets));
        Assert.True(problems.IsEmpty && errors.Entries.Count == 0 && afterwards is null, Report(seed, problems, errors, afterwards));
    }

    /// <summary>A new user signs up, posts, reads the status back, finds it in the home timeline and in search; the fuzzed users still work.</summary>
    private static async Task CheckTheServerStillWorksAsync(RunningServer server, FuzzTargets targets)
    {
        Assert.Equal(200, (int)(await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(200, (int)(await server.Client.GetAsync("/readyz")).StatusCode);
        using var survivor = server.ClientWithToken(await server.SignUpAsync("survivor"));
        var posted = await ReadJsonAsync(await survivor.PostAsJsonAsync("/api/v1/statuses", new { status = "still standing after the fuzz #aftermath" }), 200);
        string id = posted.GetProperty("id").GetString()!;

        var read = await ReadJsonAsync(await server.Client.GetAsync($"/api/v1/statuses/{id}"), 200);
        Assert.Contains("still standing after the fuzz", read.GetProperty("content").GetString());
        Assert.Equal("survivor", read.GetProperty("account").GetProperty("username").GetString());

        await server.Engine.WaitForFanoutAsync();
        var home = await ReadJsonAsync(await survivor.GetAsync("/api/v1/timelines/home"), 200);
        Assert.Contains(id, home.EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        await server.Engine.WaitForSearchAsync();
        var found = await ReadJsonAsync(await survivor.GetAsync("/api/v2/search?q=%23aftermath&type=statuses"), 200);
        Assert.Equal([id], found.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("id").GetString()));

        using var ann = server.ClientWithToken(targets.AnnToken);
        var me = await ReadJsonAsync(await ann.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        Assert.Equal("ann", me.GetProperty("username").GetString());
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "ann too" }), 200);
    }

    private static string Histogram(ConcurrentDictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));

    private static string Report(int seed, IReadOnlyCollection<string> problems, ServerErrorLog errors, Exception? afterwards)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"seed {seed} (replay: {FuzzSettings.SeedVariable}={seed}): {problems.Count} bad answers, {errors.Entries.Count} server errors logged");
        foreach (string problem in problems.Take(MaxReported))
        {
            report.AppendLine(problem);
        }

        foreach (string entry in errors.Entries.Take(10))
        {
            report.AppendLine("server log: " + entry);
        }

        if (afterwards is not null)
        {
            report.AppendLine("afterwards the server did not work: " + afterwards);
        }

        return report.ToString();
    }
}
