using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Chirp.Bench.Support;

/// <summary>
/// The users of the <c>http</c> benchmark, made through the API as a client would: an app and its app token, sign-ups,
/// follows of random others, and a few statuses each from the corpus, all fanned out and searchable at the end.
/// </summary>
public sealed class HttpBenchWorld
{
    private const string Scopes = "read write follow";
    private const string Password = "benchmark password";

    private HttpBenchWorld(string[] tokens, string[] searchWords)
    {
        Tokens = tokens;
        SearchWords = searchWords;
    }

    /// <summary>Each user's access token.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Distinct words (letters only, lower-cased) of the statuses posted in the setup, to search for.</summary>
    public IReadOnlyList<string> SearchWords { get; }

    public static async Task<HttpBenchWorld> CreateAsync(HttpBenchServer server, HttpBenchSettings settings, string[] texts)
    {
        var inv = CultureInfo.InvariantCulture;
        var client = server.Client;
        var random = new Random(settings.Seed);
        var app = await ReadJsonAsync(await client.PostAsync("/api/v1/apps", Form(("client_name", "chirp-bench"), ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"), ("scopes", Scopes))).ConfigureAwait(false)).ConfigureAwait(false);
        var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!),
            ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", Scopes))).ConfigureAwait(false)).ConfigureAwait(false);
        string appBearer = appToken.GetProperty("access_token").GetString()!;

        var tokens = new string[settings.Users];
        var ids = new string[settings.Users];
        await ForEachAsync(settings.Users, settings.Concurrency, async i =>
        {
            string username = "bench" + i.ToString(inv);
            var signUp = await SendJsonAsync(client, HttpMethod.Post, "/api/v1/accounts", appBearer,
                Form(("username", username), ("email", username + "@example.com"), ("password", Password), ("agreement", "true"))).ConfigureAwait(false);
            tokens[i] = signUp.GetProperty("access_token").GetString()!;
            var account = await SendJsonAsync(client, HttpMethod.Get, "/api/v1/accounts/verify_credentials", tokens[i], null).ConfigureAwait(false);
            ids[i] = account.GetProperty("id").GetString()!;
        }).ConfigureAwait(false);

        int follows = Math.Min(settings.Follows, settings.Users - 1);
        (int Follower, int Followee)[] edges = [.. Enumerable.Range(0, settings.Users).SelectMany(follower =>
            Enumerable.Range(0, settings.Users).Where(other => other != follower).OrderBy(_ => random.Next()).Take(follows).Select(followee => (follower, followee)))];
        await ForEachAsync(edges.Length, settings.Concurrency, i =>
            SendJsonAsync(client, HttpMethod.Post, $"/api/v1/accounts/{ids[edges[i].Followee]}/follow", tokens[edges[i].Follower], null)).ConfigureAwait(false);

        int posts = settings.Users * settings.PostsPerUser;
        string[] postTexts = [.. Enumerable.Range(0, posts).Select(_ => texts[random.Next(texts.Length)])];
        await ForEachAsync(posts, settings.Concurrency, i =>
            SendJsonAsync(client, HttpMethod.Post, "/api/v1/statuses", tokens[i % settings.Users], Form(("status", postTexts[i])))).ConfigureAwait(false);

        await server.Engine.WaitForFanoutAsync().ConfigureAwait(false);
        await server.Engine.WaitForSearchAsync().ConfigureAwait(false);
        string[] words = [.. postTexts.SelectMany(CorpusWords.Distinct).Distinct(StringComparer.Ordinal).OrderBy(w => w, StringComparer.Ordinal)];
        Console.WriteLine($"setup: {settings.Users} users signed up, {edges.Length:N0} follows, {posts:N0} statuses posted; {words.Length:N0} distinct words to search for");
        return new HttpBenchWorld(tokens, words);
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private static async Task<JsonElement> SendJsonAsync(HttpClient client, HttpMethod method, string path, string bearer, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await ReadJsonAsync(await client.SendAsync(request).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>The setup must work completely: any non-2xx answer stops the benchmark.</summary>
    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"setup: {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
            }

            return await response.Content.ReadFromJsonAsync<JsonElement>().ConfigureAwait(false);
        }
    }

    private static Task ForEachAsync(int count, int concurrency, Func<int, Task> call) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) => await call(i).ConfigureAwait(false));
}
