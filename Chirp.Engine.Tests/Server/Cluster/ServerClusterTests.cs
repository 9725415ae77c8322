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
/// command line): a write is accepted by the node that leads its shard, the others answer 503 not_leader with
/// Retry-After (there is no forwarding yet), and what was written is readable on every node.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class ServerClusterTests(ITestOutputHelper output)
{
    private const int NodeCount = 3;
    private const int ShardCount = 2;
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_status_written_on_its_shards_leader_is_readable_on_every_node_and_the_others_answer_503_not_leader()
    {
        string root = Path.Combine(Path.GetTempPath(), "chirp-server-cluster-" + Guid.NewGuid().ToString("N"));
        int[] apiPorts = [.. Enumerable.Range(0, NodeCount).Select(_ => ServerProcess.FreePort())];
        int[] raftBasePorts = FreeConsecutivePorts(NodeCount, ShardCount);
        var addresses = apiPorts.Select(port => new Uri($"http://127.0.0.1:{port}")).ToArray();
        string signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var starting = Enumerable.Range(0, NodeCount)
            .Select(node => ServerProcess.StartAsync(Path.Combine(root, "node" + node), apiPorts[node], NodeSettings(node, apiPorts, raftBasePorts, signingKey)))
            .ToList();
        try
        {
            const string username = "clusteruser";
            string email = EmailOnTheShardOf(username, Path.Combine(root, "probe"));
            await Task.WhenAll(starting);
            var refusals = new List<HttpResponseMessage>();

            string token = await OnTheLeaderAsync(addresses, refusals, async address =>
            {
                using var anonymous = new HttpClient { BaseAddress = address };
                return await TrySignUpAsync(anonymous, username, email);
            });

            string statusId = await OnTheLeaderAsync(addresses, refusals, async address =>
            {
                using var client = AuthorizedClient(address, token);
                var response = await client.PostAsJsonAsync("/api/v1/statuses", new { status = "replicated to every node" });
                return (response, response.StatusCode == HttpStatusCode.OK
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()
                    : null);
            });

            // Every node holds both shards: the status is read from each node's own replica.
            var readable = Stopwatch.StartNew();
            foreach (var address in addresses)
            {
                using var reader = AuthorizedClient(address, token);
                while (true)
                {
                    var response = await reader.GetAsync($"/api/v1/statuses/{statusId}");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                        Assert.Equal("<p>replicated to every node</p>", status.GetProperty("content").GetString());
                        break;
                    }

                    Assert.True(readable.Elapsed < TimeSpan.FromSeconds(5), $"status {statusId} was not readable on {address} 5 s after it was written ({(int)response.StatusCode})");
                    await Task.Delay(50);
                }
            }

            output.WriteLine($"readable on all {NodeCount} nodes after {readable.ElapsedMilliseconds} ms");

            // Posting again on every node: the followers of the status's shard refuse, saying why and when to retry.
            foreach (var address in addresses)
            {
                using var client = AuthorizedClient(address, token);
                refusals.Add(await client.PostAsJsonAsync("/api/v1/statuses", new { status = "once more" }));
            }

            var notLeader = refusals.Where(response => response.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(notLeader);
            foreach (var refusal in notLeader)
            {
                var body = await ReadJsonAsync(refusal, 503);
                Assert.Equal("not_leader", body.GetProperty("error").GetString());
                Assert.Contains("does not lead shard", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
                Assert.Equal("1", Assert.Single(refusal.Headers.GetValues("Retry-After")));
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
    /// Runs <paramref name="attempt"/> on each node in turn, round after round, until one answers 200 (the leader of the
    /// write's shard; right after the start there may be none yet). 503s are kept in <paramref name="refusals"/>.
    /// </summary>
    private async Task<string> OnTheLeaderAsync(Uri[] addresses, List<HttpResponseMessage> refusals, Func<Uri, Task<(HttpResponseMessage Response, string? Result)>> attempt)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            foreach (var address in addresses)
            {
                var (response, result) = await attempt(address);
                if (result is not null)
                {
                    output.WriteLine($"{address} accepted after {waited.ElapsedMilliseconds} ms");
                    return result;
                }

                output.WriteLine($"{address} answered {(int)response.StatusCode} after {waited.ElapsedMilliseconds} ms: {await response.Content.ReadAsStringAsync()}");
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    refusals.Add(response);
                }
            }

            Assert.True(waited.Elapsed < WriteDeadline, $"no node accepted the write within {WriteDeadline.TotalSeconds:F0} s");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// An e-mail address that hashes to the shard of <paramref name="username"/>. A sign-up writes to both shards; with
    /// no forwarding yet, a node accepts it only if it leads both, which two shards' separate elections make a coin toss.
    /// Asks an engine of the same shard count, so that the test follows the engine's hashing.
    /// </summary>
    private static string EmailOnTheShardOf(string username, string probeDirectory)
    {
        using var probe = ChirpEngine.Open(ChirpEngineOptions.ForPath(probeDirectory) with { ShardCount = ShardCount });
        int shard = probe.ShardForName(username).Id;
        return Enumerable.Range(0, 100).Select(n => $"{username}@example{n.ToString(CultureInfo.InvariantCulture)}.com")
            .First(email => probe.ShardForName(email).Id == shard);
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
    private static List<string> NodeSettings(int node, int[] apiPorts, int[] raftBasePorts, string signingKey)
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
