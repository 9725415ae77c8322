using System.Text.Json;
using System.Net;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>What the tests that run Chirp.Server as a real process do over HTTP: sign up, read whole home timelines, wait for search.</summary>
internal static class ProcessClients
{
    /// <summary>Registers an app, signs up a user through it, and returns the user's access token.</summary>
    public static async Task<string> SignUpAsync(HttpClient client, string username)
    {
        var (response, token) = await TrySignUpAsync(client, username, username + "@example.com");
        Assert.True(token is not null, $"the sign-up of {username} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return token;
    }

    /// <summary>
    /// Registers an app and gets its token (both must succeed), then tries to create the account: the answer, and the
    /// user's access token when it is 200 (on a cluster right after its start the account write may be a 503).
    /// </summary>
    public static async Task<(HttpResponseMessage Response, string? Token)> TrySignUpAsync(HttpClient client, string username, string email)
    {
        var app = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/apps", new { client_name = "process tests", redirect_uris = "urn:ietf:wg:oauth:2.0:oob", scopes = "read write follow" }), 200);
        var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!), ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", "read write follow"))), 200);
        using var appClient = AuthorizedClient(client.BaseAddress!, appToken.GetProperty("access_token").GetString()!);
        var response = await appClient.PostAsJsonAsync("/api/v1/accounts", new { username, email, password = "a long password", agreement = true });
        return (response, response.StatusCode == HttpStatusCode.OK
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()
            : null);
    }

    /// <summary>Signs up <paramref name="count"/> writers (writer0, writer1, ...), each following the next in a ring; returns their tokens and ids.</summary>
    public static async Task<(List<string> Tokens, List<string> Ids)> SignUpFollowingRingAsync(Uri address, int count)
    {
        var tokens = new List<string>();
        var ids = new List<string>();
        using var anonymous = new HttpClient { BaseAddress = address };
        for (int i = 0; i < count; i++)
        {
            tokens.Add(await SignUpAsync(anonymous, $"writer{i}"));
            using var client = AuthorizedClient(address, tokens[i]);
            ids.Add((await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!);
        }

        for (int i = 0; i < count; i++)
        {
            using var client = AuthorizedClient(address, tokens[i]);
            await ReadJsonAsync(await client.PostAsync($"/api/v1/accounts/{ids[(i + 1) % count]}/follow", null), 200);
        }

        return (tokens, ids);
    }

    public static HttpClient AuthorizedClient(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The ids of every status in the caller's home timeline, page by page.</summary>
    public static async Task<HashSet<string>> WalkHomeAsync(HttpClient client)
    {
        var seen = new HashSet<string>();
        string url = "/api/v1/timelines/home?limit=40";
        while (true)
        {
            var page = await ReadJsonAsync(await client.GetAsync(url), 200);
            if (page.GetArrayLength() == 0)
            {
                return seen;
            }

            string? oldest = null;
            foreach (var status in page.EnumerateArray())
            {
                oldest = status.GetProperty("id").GetString();
                seen.Add(oldest!);
            }

            url = $"/api/v1/timelines/home?limit=40&max_id={oldest}";
        }
    }

    /// <summary>Waits (at most 30 s) until a search for the word finds the status.</summary>
    public static async Task WaitUntilFoundAsync(HttpClient client, string word, string id)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var result = await ReadJsonAsync(await client.GetAsync($"/api/v2/search?q={word}&type=statuses"), 200);
            if (result.GetProperty("statuses").EnumerateArray().Any(s => s.GetProperty("id").GetString() == id))
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"'{word}' ({id}) was not searchable 30 s after the server started");
            await Task.Delay(50);
        }
    }
}
