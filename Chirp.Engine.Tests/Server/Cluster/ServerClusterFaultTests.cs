using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.ProcessClients;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Cluster;

/// <summary>
/// Three Chirp.Server processes under writes through every node while nodes go down: a node that leads a shard killed
/// (kill -9) and started again, and a rolling restart. No acknowledged status is lost, none is applied twice (each
/// Idempotency-Key gives one status), and every node ends with the same statuses.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class ServerClusterFaultTests(ITestOutputHelper output)
{
    private const int NodeCount = ServerClusterProcesses.NodeCount;
    private const int Writes = 60;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan WritePause = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Acknowledged_statuses_survive_a_leader_node_killed_under_writes_and_each_is_applied_once()
    {
        await RunUnderWritesAsync(async (cluster, acknowledged, clock) =>
        {
            await UntilAsync(() => acknowledged.Count >= Writes / 4);

            // Kill -9 a node that leads a shard, under the writes; start it again once the others took more.
            int victim = await LeaderNodeAsync(cluster.Addresses);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: killing node{victim} after {acknowledged.Count} acknowledged statuses");
            await cluster.StopNodeAsync(victim);
            int atKill = acknowledged.Count;
            await UntilAsync(() => acknowledged.Count >= atKill + 10);
            await cluster.StartNodeAsync(victim);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: node{victim} ready again after {acknowledged.Count} acknowledged statuses");
        });
    }

    [Fact]
    public async Task A_rolling_restart_under_writes_loses_nothing_and_answers_only_200_or_503()
    {
        await RunUnderWritesAsync(async (cluster, acknowledged, clock) =>
        {
            // Each node in turn stops gracefully (SIGTERM: it hands its leads over first) and starts again.
            for (int node = 0; node < NodeCount; node++)
            {
                int before = acknowledged.Count;
                await UntilAsync(() => acknowledged.Count >= before + 3);
                var stopping = Stopwatch.StartNew();
                await cluster.StopNodeGracefullyAsync(node, Patience);
                output.WriteLine($"{clock.ElapsedMilliseconds} ms: node{node} stopped in {stopping.ElapsedMilliseconds} ms after {acknowledged.Count} acknowledged statuses");
                await cluster.StartNodeAsync(node);
                output.WriteLine($"{clock.ElapsedMilliseconds} ms: node{node} ready again");
            }
        });
    }

    /// <summary>
    /// Starts three nodes, signs up one user, and writes statuses through every node (each with its own
    /// Idempotency-Key, retried on whichever node until acknowledged) while <paramref name="disrupt"/> runs; then checks
    /// that every node serves every acknowledged status, counts each once, and that the answers were only 200, 503 with
    /// Retry-After, or a refused connection (to a node that was down).
    /// </summary>
    private async Task RunUnderWritesAsync(Func<ServerClusterProcesses, ConcurrentDictionary<int, string>, Stopwatch, Task> disrupt, int writes = Writes)
    {
        var clock = Stopwatch.StartNew();
        await using var cluster = await ServerClusterProcesses.StartAsync();
        string token = await UntilOkAsync(() => SignUpOnAsync(cluster.Addresses[0]));
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: started, signed up");

        var acknowledged = new ConcurrentDictionary<int, string>();
        var answers = new ConcurrentDictionary<string, int>();
        long longestGapMs = 0;
        long lastAcknowledgedMs = clock.ElapsedMilliseconds;
        int next = -1;
        bool disrupted = false;
        async Task WriteAsync(int writer)
        {
            int node = writer;
            using var clients = new ClientSet(cluster.Addresses, token);

            // At least the given count, and on until the disruption is over, at a pace that keeps the check short.
            for (int i = Interlocked.Increment(ref next); i < writes || !Volatile.Read(ref disrupted); i = Interlocked.Increment(ref next))
            {
                string key = $"fault-test-{i}";
                var clock = Stopwatch.StartNew();
                while (!acknowledged.ContainsKey(i))
                {
                    Assert.True(clock.Elapsed < Patience, $"status {i} was not acknowledged within {Patience.TotalSeconds:F0} s");
                    string answer = await clients.PostAsync(node, key, $"durable status {i}", id =>
                    {
                        acknowledged[i] = id;
                        long now = clock.ElapsedMilliseconds;
                        AtomicMax.Raise(ref longestGapMs, now - Interlocked.Exchange(ref lastAcknowledgedMs, now));
                    });
                    answers.AddOrUpdate(answer, 1, (_, count) => count + 1);
                    if (!acknowledged.ContainsKey(i))
                    {
                        node = (node + 1) % NodeCount;
                    }

                    await Task.Delay(WritePause);
                }
            }
        }

        var writing = Task.WhenAll(Enumerable.Range(0, NodeCount).Select(WriteAsync));
        try
        {
            await disrupt(cluster, acknowledged, clock);
        }
        finally
        {
            Volatile.Write(ref disrupted, true);
        }

        await writing.WaitAsync(Patience);
        int written = acknowledged.Count;
        output.WriteLine($"{clock.ElapsedMilliseconds} ms: {written} written; longest time without an acknowledged write {longestGapMs} ms");
        output.WriteLine("answers while writing: " + string.Join(", ", answers.Select(pair => $"{pair.Key} x{pair.Value}")));
        Assert.True(written >= writes);
        Assert.Equal(written, acknowledged.Values.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, written), acknowledged.Keys.Order());

        // Only 200s and 503s (with Retry-After) or a refused connection to a node that was down: never a 500 or a 4xx.
        Assert.All(answers.Keys, answer => Assert.Contains(answer, new[] { "200", "503", "connection" }));

        // Every node, the restarted ones included, serves every acknowledged status and counts each once.
        foreach (var address in cluster.Addresses)
        {
            using var reader = AuthorizedClient(address, token);
            var account = (await UntilOkAsync<JsonElement?>(async () =>
            {
                var response = await reader.GetAsync("/api/v1/accounts/verify_credentials");
                var json = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
                return (response, json.ValueKind == JsonValueKind.Object && json.GetProperty("statuses_count").GetInt32() == written ? json : (JsonElement?)null);
            }))!.Value;
            Assert.Equal(written, account.GetProperty("statuses_count").GetInt32());
            foreach (var (i, id) in acknowledged)
            {
                var status = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{id}"), 200);
                Assert.Equal($"<p>durable status {i}</p>", status.GetProperty("content").GetString());
            }
        }

        output.WriteLine($"{clock.ElapsedMilliseconds} ms: checked");
    }

    /// <summary>The node whose metrics say it leads a shard (scraped until one does).</summary>
    private static async Task<int> LeaderNodeAsync(Uri[] addresses)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            for (int node = 0; node < addresses.Length; node++)
            {
                using var scraper = new HttpClient { BaseAddress = addresses[node] };
                if ((await MetricSamples.ScrapeAsync(scraper)).Sum("chirp_raft_is_leader") > 0)
                {
                    return node;
                }
            }

            Assert.True(clock.Elapsed < Patience, "no node leads a shard");
            await Task.Delay(200);
        }
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "the writes made no progress");
            await Task.Delay(50);
        }
    }

    private static async Task<T> UntilOkAsync<T>(Func<Task<(HttpResponseMessage Response, T? Result)>> attempt)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var (response, result) = await attempt();
            if (result is not null)
            {
                return result;
            }

            Assert.True(clock.Elapsed < Patience, $"still {(int)response.StatusCode} after {Patience.TotalSeconds:F0} s: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }
    }

    private static async Task<(HttpResponseMessage Response, string? Token)> SignUpOnAsync(Uri address)
    {
        using var client = new HttpClient { BaseAddress = address };
        return await TrySignUpAsync(client, "survivor", "survivor@example.com");
    }

    /// <summary>One client per node for one writer; a post answers what happened: "200", the status code, or "connection".</summary>
    private sealed class ClientSet(Uri[] addresses, string token) : IDisposable
    {
        private readonly HttpClient[] _clients = [.. addresses.Select(address =>
        {
            var client = AuthorizedClient(address, token);
            client.Timeout = TimeSpan.FromSeconds(20);
            return client;
        })];

        public async Task<string> PostAsync(int node, string idempotencyKey, string text, Action<string> onAcknowledged)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = JsonContent.Create(new { status = text }) };
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            try
            {
                using var response = await _clients[node].SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    onAcknowledged((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                }
                else if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
                }

                return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return "connection";
            }
        }

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }
}
