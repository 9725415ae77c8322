using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.ProcessClients;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Cluster;

/// <summary>
/// Three Chirp.Server processes under writes through every node while a node that leads a shard is killed (kill -9)
/// and started again: no acknowledged status is lost, none is applied twice (each Idempotency-Key gives one status),
/// and every node ends with the same statuses.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class ServerClusterKillTests(ITestOutputHelper output)
{
    private const int NodeCount = 3;
    private const int ShardCount = 2;
    private const int Writes = 60;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Acknowledged_statuses_survive_a_leader_node_killed_under_writes_and_each_is_applied_once()
    {
        string root = Path.Combine(Path.GetTempPath(), "chirp-cluster-kill-" + Guid.NewGuid().ToString("N"));
        int[] apiPorts = [.. Enumerable.Range(0, NodeCount).Select(_ => ServerProcess.FreePort())];
        int[] raftBasePorts = ClusterNodeSettings.FreeConsecutivePorts(NodeCount, ShardCount);
        int[] nodePorts = [.. Enumerable.Range(0, NodeCount).Select(_ => ClusterNodeSettings.FreeConsecutivePorts(1, 1)[0])];
        var addresses = apiPorts.Select(port => new Uri($"http://127.0.0.1:{port}")).ToArray();
        string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var nodes = new ChildProcess?[NodeCount];
        Task<ChildProcess> Start(int node) =>
            ServerProcess.StartAsync(Path.Combine(root, "node" + node), apiPorts[node], ClusterNodeSettings.For(node, apiPorts, raftBasePorts, nodePorts, signingKey));
        var clock = Stopwatch.StartNew();
        try
        {
            var started = await Task.WhenAll(Enumerable.Range(0, NodeCount).Select(Start));
            started.CopyTo(nodes, 0);
            string token = await UntilOkAsync(() => SignUpOnAsync(addresses[0]));
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: started, signed up");

            // Writers on every node; each status has its own Idempotency-Key, kept across retries on whichever node.
            var acknowledged = new ConcurrentDictionary<int, string>();
            var answers = new ConcurrentDictionary<string, int>();
            int next = -1;
            async Task WriteAsync(int writer)
            {
                int node = writer;
                using var clients = new ClientSet(addresses, token);
                for (int i = Interlocked.Increment(ref next); i < Writes; i = Interlocked.Increment(ref next))
                {
                    string key = $"kill-test-{i}";
                    var clock = Stopwatch.StartNew();
                    while (!acknowledged.ContainsKey(i))
                    {
                        Assert.True(clock.Elapsed < Patience, $"status {i} was not acknowledged within {Patience.TotalSeconds:F0} s");
                        string answer = await clients.PostAsync(node, key, $"durable status {i}", id => acknowledged[i] = id);
                        answers.AddOrUpdate(answer, 1, (_, count) => count + 1);
                        if (!acknowledged.ContainsKey(i))
                        {
                            node = (node + 1) % NodeCount;
                            await Task.Delay(100);
                        }
                    }
                }
            }

            var writing = Task.WhenAll(Enumerable.Range(0, NodeCount).Select(WriteAsync));
            await UntilAsync(() => acknowledged.Count >= Writes / 4);

            // Kill -9 a node that leads a shard, under the writes; start it again once the others took more.
            int victim = await LeaderNodeAsync(addresses);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: killing node{victim} after {acknowledged.Count} acknowledged statuses");
            nodes[victim]!.Kill();
            await nodes[victim]!.DisposeAsync();
            nodes[victim] = null;
            await UntilAsync(() => acknowledged.Count >= Writes * 2 / 3);
            nodes[victim] = await Start(victim);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: node{victim} ready again after {acknowledged.Count} acknowledged statuses");

            await writing.WaitAsync(Patience);
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: all written");
            output.WriteLine("answers while writing: " + string.Join(", ", answers.Select(pair => $"{pair.Key} x{pair.Value}")));
            Assert.Equal(Writes, acknowledged.Count);
            Assert.Equal(Writes, acknowledged.Values.Distinct().Count());

            // Only 200s and 503s (with Retry-After) or a refused connection to the killed node: never a 500 or a 4xx.
            Assert.All(answers.Keys, answer => Assert.Contains(answer, new[] { "200", "503", "connection" }));

            // Every node, the restarted one included, serves every acknowledged status and counts each once.
            foreach (var address in addresses)
            {
                using var reader = AuthorizedClient(address, token);
                var account = (await UntilOkAsync<JsonElement?>(async () =>
                {
                    var response = await reader.GetAsync("/api/v1/accounts/verify_credentials");
                    var json = response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
                    return (response, json.ValueKind == JsonValueKind.Object && json.GetProperty("statuses_count").GetInt32() == Writes ? json : (JsonElement?)null);
                }))!.Value;
                Assert.Equal(Writes, account.GetProperty("statuses_count").GetInt32());
                foreach (var (i, id) in acknowledged)
                {
                    var status = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{id}"), 200);
                    Assert.Equal($"<p>durable status {i}</p>", status.GetProperty("content").GetString());
                }
            }
        }
        finally
        {
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: checked");
            foreach (var node in nodes.Where(node => node is not null))
            {
                await node!.DisposeAsync();
            }

            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
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
        var app = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/apps", new { client_name = "kill tests", redirect_uris = "urn:ietf:wg:oauth:2.0:oob", scopes = "read write follow" }), 200);
        var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!), ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", "read write follow"))), 200);
        using var appClient = AuthorizedClient(address, appToken.GetProperty("access_token").GetString()!);
        var response = await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "survivor", email = "survivor@example.com", password = "a long password", agreement = true });
        return (response, response.StatusCode == HttpStatusCode.OK ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString() : null);
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
