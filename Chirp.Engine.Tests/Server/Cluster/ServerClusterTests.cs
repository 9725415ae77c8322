using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.ProcessClients;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Cluster;

/// <summary>
/// Three Chirp.Server processes as one cluster (every node a replica of both shards, Chirp:Cluster settings on the
/// command line): any node takes any write (a node that does not lead the write's shard forwards it to the one that
/// does, over the node protocol), and what was written is readable on every node.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class ServerClusterTests(ITestOutputHelper output)
{
    private const int NodeCount = 3;
    private const int ShardCount = 2;
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Any_node_takes_a_sign_up_and_statuses_and_every_node_reads_them()
    {
        string root = Path.Combine(Path.GetTempPath(), "chirp-server-cluster-" + Guid.NewGuid().ToString("N"));
        int[] apiPorts = [.. Enumerable.Range(0, NodeCount).Select(_ => ServerProcess.FreePort())];
        int[] raftBasePorts = FreeConsecutivePorts(NodeCount, ShardCount);
        int[] nodePorts = [.. Enumerable.Range(0, NodeCount).Select(_ => FreeConsecutivePorts(1, 1)[0])];
        var addresses = apiPorts.Select(port => new Uri($"http://127.0.0.1:{port}")).ToArray();
        string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var starting = Enumerable.Range(0, NodeCount)
            .Select(node => ServerProcess.StartAsync(Path.Combine(root, "node" + node), apiPorts[node], NodeSettings(node, apiPorts, raftBasePorts, nodePorts, signingKey)))
            .ToList();
        try
        {
            await Task.WhenAll(starting);

            // Started means ready, and a node is ready once each of its shard replicas knows a leader and caught up.
            foreach (var address in addresses)
            {
                using var probe = new HttpClient { BaseAddress = address };
                var ready = await ReadJsonAsync(await probe.GetAsync("/readyz"), 200);
                Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
            }

            // The sign-up writes to the shards of the e-mail and of the username, whichever nodes lead them.
            string token = await UntilAcceptedAsync(addresses[1], async address =>
            {
                using var anonymous = new HttpClient { BaseAddress = address };
                return await TrySignUpAsync(anonymous, "clusteruser", "clusteruser@example.com");
            });

            var written = new List<string>();
            foreach (var address in addresses)
            {
                written.Add(await UntilAcceptedAsync(address, async node =>
                {
                    using var client = AuthorizedClient(node, token);
                    var response = await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"posted through {node.Port}" });
                    return (response, response.StatusCode == HttpStatusCode.OK
                        ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()
                        : null);
                }));
            }

            // Every node holds both shards: each status is read from each node's own replica.
            var readable = Stopwatch.StartNew();
            for (int i = 0; i < written.Count; i++)
            {
                foreach (var address in addresses)
                {
                    using var reader = AuthorizedClient(address, token);
                    while (true)
                    {
                        var response = await reader.GetAsync($"/api/v1/statuses/{written[i]}");
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                            Assert.Equal($"<p>posted through {addresses[i].Port}</p>", status.GetProperty("content").GetString());
                            break;
                        }

                        Assert.True(readable.Elapsed < TimeSpan.FromSeconds(5), $"status {written[i]} was not readable on {address} 5 s after it was written ({(int)response.StatusCode})");
                        await Task.Delay(50);
                    }
                }
            }

            output.WriteLine($"all {written.Count} statuses readable on all {NodeCount} nodes after {readable.ElapsedMilliseconds} ms");

            // Each shard has one leader among the nodes (scraped again if an election fell between two scrapes), and
            // every replica's metrics show the log it committed and applied.
            var scrapes = new List<MetricSamples>();
            for (int round = 0; round < 10; round++)
            {
                scrapes.Clear();
                foreach (var address in addresses)
                {
                    using var scraper = new HttpClient { BaseAddress = address };
                    scrapes.Add(await MetricSamples.ScrapeAsync(scraper));
                }

                if (Enumerable.Range(0, ShardCount).All(shard => scrapes.Sum(scrape => scrape.Sum("chirp_raft_is_leader", ("shard", shard.ToString(CultureInfo.InvariantCulture)))) == 1))
                {
                    break;
                }

                await Task.Delay(500);
            }

            for (int shard = 0; shard < ShardCount; shard++)
            {
                string label = shard.ToString(CultureInfo.InvariantCulture);
                Assert.Equal(1, scrapes.Sum(scrape => scrape.Sum("chirp_raft_is_leader", ("shard", label))));
                Assert.All(scrapes, scrape => Assert.True(scrape.Sum("chirp_raft_commit_index", ("shard", label)) > 0));
                Assert.All(scrapes, scrape => Assert.True(scrape.Sum("chirp_raft_applied_index", ("shard", label)) > 0));
                Assert.All(scrapes, scrape => Assert.True(scrape.Sum("chirp_raft_term", ("shard", label)) > 0));
            }

            // The operator's view of the topology: the admin token of the node, over loopback.
            using var admin = new HttpClient { BaseAddress = addresses[0] };
            Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/v1/chirp/cluster")).StatusCode);
            admin.DefaultRequestHeaders.Add("X-Chirp-Admin-Token", (await File.ReadAllTextAsync(Path.Combine(root, "node0", "server", "admin.token"))).Trim());
            var topology = await ReadJsonAsync(await admin.GetAsync("/api/v1/chirp/cluster"), 200);
            for (int round = 0; round < 10 && !topology.GetProperty("shards").EnumerateArray().All(shard => shard.GetProperty("ready").GetBoolean()); round++)
            {
                // An election between two reads leaves a shard without a known leader for a moment.
                await Task.Delay(500);
                topology = await ReadJsonAsync(await admin.GetAsync("/api/v1/chirp/cluster"), 200);
            }

            Assert.Equal("node0", topology.GetProperty("node_id").GetString());
            Assert.Equal(NodeCount, topology.GetProperty("nodes").GetArrayLength());
            var shards = topology.GetProperty("shards").EnumerateArray().ToList();
            Assert.Equal(ShardCount, shards.Count);
            Assert.All(shards, shard => Assert.True(shard.GetProperty("ready").GetBoolean()));
            Assert.All(shards, shard => Assert.False(string.IsNullOrEmpty(shard.GetProperty("leader").GetString())));

            // Leads spread: a node that leads more than its share (1 of 2 shards among 3 nodes) gives one up, so no node
            // keeps both for long (elections are random: about one start in three puts both on one node).
            var balancing = Stopwatch.StartNew();
            while (true)
            {
                var leads = new List<double>();
                foreach (var address in addresses)
                {
                    using var scraper = new HttpClient { BaseAddress = address };
                    leads.Add((await MetricSamples.ScrapeAsync(scraper)).Sum("chirp_raft_is_leader"));
                }

                if (leads.Max() <= 1)
                {
                    output.WriteLine($"leads per node {string.Join(", ", leads)} after {balancing.ElapsedMilliseconds} ms");
                    break;
                }

                Assert.True(balancing.Elapsed < TimeSpan.FromSeconds(45), $"A node still leads {leads.Max()} of {ShardCount} shards after 45 s.");
                await Task.Delay(500);
            }
        }
        finally
        {
            foreach (var start in starting)
            {
                try
                {
                    await (await start).DisposeAsync();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // A node that failed to start: its failure is the test's, reported by the WhenAll above.
                }
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

    /// <summary>
    /// Runs <paramref name="attempt"/> on one node until it answers 200. Right after the start no shard may have a leader
    /// yet, and the node answers 503 with Retry-After (which is checked); any other answer fails the test.
    /// </summary>
    private async Task<string> UntilAcceptedAsync(Uri address, Func<Uri, Task<(HttpResponseMessage Response, string? Result)>> attempt)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var (response, result) = await attempt(address);
            if (result is not null)
            {
                output.WriteLine($"{address} accepted after {waited.ElapsedMilliseconds} ms");
                return result;
            }

            string body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{address} answered {(int)response.StatusCode} after {waited.ElapsedMilliseconds} ms: {body}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
            Assert.True(waited.Elapsed < WriteDeadline, $"{address} did not accept the write within {WriteDeadline.TotalSeconds:F0} s");
            await Task.Delay(200);
        }
    }

    /// <summary>Registers an app and gets its token on this node (both kept by the node alone), then tries to create the account.</summary>
    private static async Task<(HttpResponseMessage Response, string? Token)> TrySignUpAsync(HttpClient client, string username, string email)
    {
        var app = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/apps", new { client_name = "cluster tests", redirect_uris = "urn:ietf:wg:oauth:2.0:oob", scopes = "read write follow" }), 200);
        var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!), ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", "read write follow"))), 200);
        using var appClient = AuthorizedClient(client.BaseAddress!, appToken.GetProperty("access_token").GetString()!);
        var response = await appClient.PostAsJsonAsync("/api/v1/accounts", new { username, email, password = "a long password", agreement = true });
        return (response, response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()
            : null);
    }

    /// <summary>
    /// The cluster settings of node <paramref name="node"/>: the same node list and signing key on every node (a token
    /// from one is accepted by all), short election timeouts, and sign-ups not rate limited.
    /// </summary>
    private static List<string> NodeSettings(int node, int[] apiPorts, int[] raftBasePorts, int[] nodePorts, string signingKey)
    {
        var settings = new List<string>
        {
            "--Chirp:SigningKey", signingKey,
            "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "1000",
            "--Chirp:Cluster:NodeId", "node" + node,
            "--Chirp:Cluster:LowerElectionTimeoutMs", "300",
            "--Chirp:Cluster:UpperElectionTimeoutMs", "600",
        };
        for (int i = 0; i < apiPorts.Length; i++)
        {
            string prefix = $"--Chirp:Cluster:Nodes:{i.ToString(CultureInfo.InvariantCulture)}:";
            settings.AddRange([
                prefix + "Id", "node" + i,
                prefix + "RaftHost", "127.0.0.1",
                prefix + "RaftBasePort", raftBasePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "NodePort", nodePorts[i].ToString(CultureInfo.InvariantCulture),
                prefix + "ApiUrl", $"http://127.0.0.1:{apiPorts[i]}",
            ]);
        }

        return settings;
    }

    /// <summary>For each node, a base port whose next <paramref name="width"/> ports are free now (one per shard).</summary>
    private static int[] FreeConsecutivePorts(int count, int width)
    {
        var bases = new List<int>();
        while (bases.Count < count)
        {
            int candidate = ServerProcess.FreePort();
            var range = Enumerable.Range(candidate, width);
            if (range.All(port => port <= IPEndPoint.MaxPort && !bases.Any(taken => Math.Abs(taken - port) < width) && IsFree(port)))
            {
                bases.Add(candidate);
            }
        }

        return [.. bases];
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
