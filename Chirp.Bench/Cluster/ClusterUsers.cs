using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Bench.Support;
using Chirp.Engine;

namespace Chirp.Bench.Cluster;

/// <summary>
/// The accounts of the cluster bench, signed up through the API of the first node (a token is accepted by every
/// node), each following a few random others, with the shard its id places it on (a user's statuses go to that shard).
/// </summary>
public sealed class ClusterUsers
{
    private const string Scopes = "read write follow";
    private const string Password = "benchmark password";

    /// <summary>How long a setup call is retried while the cluster answers 503 (an election, a node catching up).</summary>
    private static readonly TimeSpan RetryFor = TimeSpan.FromSeconds(60);

    private ClusterUsers(string[] tokens, long[] ids, int shardCount)
    {
        Tokens = tokens;
        Ids = ids;
        Shards = [.. ids.Select(SnowflakeId.ShardOf)];
        ByShard = [.. Enumerable.Range(0, shardCount).Select(shard => Enumerable.Range(0, ids.Length).Where(i => Shards[i] == shard).ToArray())];
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<long> Ids { get; }

    /// <summary>The shard of each user.</summary>
    public IReadOnlyList<int> Shards { get; }

    /// <summary>The users (indexes) of each shard.</summary>
    public IReadOnlyList<int[]> ByShard { get; }

    public int Count => Tokens.Count;

    public static async Task<ClusterUsers> SignUpAsync(BenchCluster cluster, int users, int follows, int concurrency, int seed)
    {
        var client = cluster.Client;
        var node = cluster.Nodes[0].ApiUrl;
        var app = await SendJsonAsync(client, HttpMethod.Post, new Uri(node, "/api/v1/apps"), null,
            () => HttpBenchWorld.Form(("client_name", "chirp-bench"), ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"), ("scopes", Scopes))).ConfigureAwait(false);
        var appToken = await SendJsonAsync(client, HttpMethod.Post, new Uri(node, "/oauth/token"), null, () => HttpBenchWorld.Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!),
            ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", Scopes))).ConfigureAwait(false);
        string appBearer = appToken.GetProperty("access_token").GetString()!;

        var tokens = new string[users];
        var ids = new long[users];
        string prefix = "cb" + Guid.NewGuid().ToString("N")[..6];
        await ForEachAsync(users, concurrency, async i =>
        {
            string username = prefix + i.ToString(CultureInfo.InvariantCulture);
            var signUp = await SendJsonAsync(client, HttpMethod.Post, new Uri(node, "/api/v1/accounts"), appBearer,
                () => HttpBenchWorld.Form(("username", username), ("email", username + "@example.com"), ("password", Password), ("agreement", "true"))).ConfigureAwait(false);
            tokens[i] = signUp.GetProperty("access_token").GetString()!;
            var account = await SendJsonAsync(client, HttpMethod.Get, new Uri(node, "/api/v1/accounts/verify_credentials"), tokens[i], null).ConfigureAwait(false);
            ids[i] = long.Parse(account.GetProperty("id").GetString()!, CultureInfo.InvariantCulture);
        }).ConfigureAwait(false);

        var random = new Random(seed);
        int perUser = Math.Min(follows, users - 1);
        (int Follower, int Followee)[] edges = [.. Enumerable.Range(0, users).SelectMany(follower =>
            Enumerable.Range(0, users).Where(other => other != follower).OrderBy(_ => random.Next()).Take(perUser).Select(followee => (follower, followee)))];
        // Follows go through every node in turn: each forwards to the follower's shard leader.
        await ForEachAsync(edges.Length, concurrency, i =>
            SendJsonAsync(client, HttpMethod.Post, new Uri(cluster.Nodes[i % cluster.Nodes.Count].ApiUrl, $"/api/v1/accounts/{ids[edges[i].Followee]}/follow"), tokens[edges[i].Follower], null)).ConfigureAwait(false);
        return new ClusterUsers(tokens, ids, cluster.ShardCount);
    }

    /// <summary>POST /api/v1/statuses as <paramref name="user"/> to <paramref name="node"/>.</summary>
    public HttpRequestMessage Post(Uri node, int user, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(node, "/api/v1/statuses")) { Content = HttpBenchWorld.Form(("status", text)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens[user]);
        return request;
    }

    /// <summary>Sends until a 2xx; a 503 (an election) or a refused connection is retried for <see cref="RetryFor"/>, anything else stops the bench.</summary>
    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, Uri uri, string? bearer, Func<HttpContent>? content)
    {
        var deadline = DateTime.UtcNow + RetryFor;
        while (true)
        {
            using var request = new HttpRequestMessage(method, uri) { Content = content?.Invoke() };
            if (bearer is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            try
            {
                using var response = await client.SendAsync(request).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
                }

                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"setup: {method} {uri} answered {(int)response.StatusCode}: {body}");
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // A node still starting: retried below.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private static Task ForEachAsync(int count, int concurrency, Func<int, Task> call) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await call(i).ConfigureAwait(false));
}
