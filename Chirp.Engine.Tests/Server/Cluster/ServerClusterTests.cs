using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
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
    private const int NodeCount = ServerClusterProcesses.NodeCount;
    private const int ShardCount = ServerClusterProcesses.ShardCount;
    private const string Redirect = "http://127.0.0.1:9/callback";
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Any_node_takes_a_sign_up_and_statuses_and_every_node_reads_them()
    {
        await using var cluster = await ServerClusterProcesses.StartAsync();
        var addresses = cluster.Addresses;
        string root = cluster.Root;

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

    [Fact]
    public async Task An_app_and_a_sign_in_on_one_node_work_on_every_node_and_a_token_revoked_on_one_is_refused_on_all()
    {
        await using var cluster = await ServerClusterProcesses.StartAsync();
        var nodes = cluster.Addresses;

        // The app is registered through node 0 and known at once to node 1 (the metadata group applied it there too).
        using var anonymous0 = new HttpClient { BaseAddress = nodes[0] };
        var app = await ReadJsonAsync(await anonymous0.PostAsJsonAsync("/api/v1/apps", new { client_name = "cluster oauth", redirect_uris = Redirect, scopes = "read write follow" }), 200);
        string clientId = app.GetProperty("client_id").GetString()!;
        string secret = app.GetProperty("client_secret").GetString()!;
        string appToken = (await UntilAnsweredAsync(nodes[1], "client credentials of an app registered on another node", client => client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write follow"))), 200))
            .GetProperty("access_token").GetString()!;
        await UntilAcceptedAsync(nodes[1], async node =>
        {
            using var appClient = AuthorizedClient(node, appToken);
            var response = await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "oauthuser", email = "oauthuser@example.com", password = "a long password", agreement = true });
            return (response, response.StatusCode == HttpStatusCode.OK ? "created" : null);
        });

        // Signed in on node 1 (the login page gives a code), the code exchanged on node 2, and only once in the cluster.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = nodes[1] };
        var login = await browser.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", Redirect), ("scope", "read write"), ("response_type", "code"), ("username", "oauthuser"), ("password", "a long password")));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        string code = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(login.Headers.Location!.Query, "code=([^&]+)").Groups[1].Value);
        var exchange = Form(("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", Redirect));
        using var anonymous2 = new HttpClient { BaseAddress = nodes[2] };
        string token = (await ReadJsonAsync(await anonymous2.PostAsync("/oauth/token", exchange), 200)).GetProperty("access_token").GetString()!;
        var again = await ReadJsonAsync(await anonymous0.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", Redirect))), 400);
        Assert.Equal("invalid_grant", again.GetProperty("error").GetString());

        // The token works on every node: one signing key, made by the metadata group (no Chirp:SigningKey was given).
        foreach (var node in nodes)
        {
            await UntilAnsweredAsync(node, "the user's token", client => WithToken(client, token).GetAsync("/api/v1/accounts/verify_credentials"), 200);
        }

        // Revoked through node 1: refused there at once, and on the other nodes once their replicas applied it.
        using var anonymous1 = new HttpClient { BaseAddress = nodes[1] };
        await ReadJsonAsync(await anonymous1.PostAsync("/oauth/revoke", Form(("client_id", clientId), ("client_secret", secret), ("token", token))), 200);
        var revokedAt = Stopwatch.StartNew();
        using (var revoker = AuthorizedClient(nodes[1], token))
        {
            await ReadJsonAsync(await revoker.GetAsync("/api/v1/accounts/verify_credentials"), 401);
        }

        foreach (var node in new[] { nodes[0], nodes[2] })
        {
            await UntilAnsweredAsync(node, "the revoked token", client => WithToken(client, token).GetAsync("/api/v1/accounts/verify_credentials"), 401, TimeSpan.FromSeconds(2));
            output.WriteLine($"revoked token refused by {node} {revokedAt.ElapsedMilliseconds} ms after the revocation answered");
        }
    }

    [Fact]
    public async Task A_node_started_with_another_shard_count_refuses_to_start_saying_why()
    {
        await using var cluster = await ServerClusterProcesses.StartAsync();
        await cluster.StopNodeAsync(2);

        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        await using (var refused = cluster.LaunchNode(2, line => lines.Enqueue(line ?? ""), "--Chirp:ShardCount", "3"))
        {
            await refused.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotEqual(0, refused.Process.ExitCode);
            output.WriteLine($"the node with 3 shards exited with code {refused.Process.ExitCode} after {clock.ElapsedMilliseconds} ms");
        }

        string? reason = lines.FirstOrDefault(line => line.Contains("Refusing to start", StringComparison.Ordinal));
        Assert.True(reason is not null, "no refusal logged; the node wrote:\n" + string.Join('\n', lines));
        output.WriteLine(reason);
        Assert.Contains("ShardCount is 3 here but 2 in the cluster", reason);

        // With the cluster's settings the same data starts again.
        clock.Restart();
        await cluster.StartNodeAsync(2);
        output.WriteLine($"started again with 2 shards, ready after {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// Sends a request to one node until it gets <paramref name="status"/>: what another node just wrote reaches this
    /// node's replica within moments, not necessarily before the next request. Fails after <paramref name="deadline"/>
    /// (5 s unless given).
    /// </summary>
    private async Task<JsonElement> UntilAnsweredAsync(Uri node, string what, Func<HttpClient, Task<HttpResponseMessage>> request, int status, TimeSpan? deadline = null)
    {
        var waited = Stopwatch.StartNew();
        using var client = new HttpClient { BaseAddress = node };
        while (true)
        {
            var response = await request(client);
            if ((int)response.StatusCode == status)
            {
                output.WriteLine($"{what}: {status} from {node} after {waited.ElapsedMilliseconds} ms");
                return await ReadJsonAsync(response, status);
            }

            Assert.True(
                waited.Elapsed < (deadline ?? TimeSpan.FromSeconds(5)),
                $"{what}: {node} answered {(int)response.StatusCode} ({await response.Content.ReadAsStringAsync()}), not {status}, for {waited.Elapsed.TotalSeconds:0.#} s");
            await Task.Delay(20);
        }
    }

    private static HttpClient WithToken(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
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
}
