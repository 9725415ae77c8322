using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>
/// Runs Chirp.Server as its own process, posts from concurrent clients over HTTP, kills the process with SIGKILL,
/// restarts it on the same data directory, and checks that every acknowledged status is there, in its followers' home
/// timelines and in search.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class ServerCrashTests(ITestOutputHelper output)
{
    private const int Writers = 4;

    [Fact]
    public async Task Acknowledged_statuses_survive_kill_9_of_the_server_and_reach_timelines_and_search()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chirp-server-crash-" + Guid.NewGuid().ToString("N"));
        int port = ServerProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        try
        {
            var tokens = new List<string>();
            var ids = new List<string>();
            await using (var server = await ServerProcess.StartAsync(directory, port))
            {
                using var anonymous = new HttpClient { BaseAddress = baseAddress };
                for (int i = 0; i < Writers; i++)
                {
                    tokens.Add(await SignUpAsync(anonymous, $"writer{i}"));
                    using var client = Client(baseAddress, tokens[i]);
                    ids.Add((await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!);
                }

                for (int i = 0; i < Writers; i++)
                {
                    using var client = Client(baseAddress, tokens[i]);
                    await ReadJsonAsync(await client.PostAsync($"/api/v1/accounts/{ids[(i + 1) % Writers]}/follow", null), 200);
                }

                var acknowledged = new ConcurrentBag<(int Writer, string Id, string Word)>();
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                {
                    using var client = Client(baseAddress, tokens[w]);
                    for (int n = 0; !stop.IsCancellationRequested; n++)
                    {
                        string word = $"crashword{w}x{n}";
                        try
                        {
                            var response = await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"post {word}" });
                            if (response.StatusCode == HttpStatusCode.OK)
                            {
                                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                                acknowledged.Add((w, status.GetProperty("id").GetString()!, word));
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                await Task.Delay(1500);
                server.Kill();
                await server.WaitForExitAsync();
                stop.Cancel();
                await Task.WhenAll(writers);
                output.WriteLine($"killed with {acknowledged.Count} acknowledged statuses");
                Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} statuses were acknowledged before the kill");

                await using var restarted = await ServerProcess.StartAsync(directory, port);
                using var reader = Client(baseAddress, tokens[0]);
                foreach (var (writer, id, _) in acknowledged)
                {
                    var status = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{id}"), 200);
                    Assert.Equal(ids[writer], status.GetProperty("account").GetProperty("id").GetString());
                }

                // Writer w's follower is writer w-1: every acknowledged status must be in that follower's home timeline.
                for (int follower = 0; follower < Writers; follower++)
                {
                    using var client = Client(baseAddress, tokens[follower]);
                    var home = await WalkHomeAsync(client);
                    int followed = (follower + 1) % Writers;
                    var missing = acknowledged.Where(a => a.Writer == followed && !home.Contains(a.Id)).Select(a => a.Id).ToList();
                    Assert.True(missing.Count == 0, $"writer{follower}'s home timeline misses {missing.Count} of writer{followed}'s statuses, e.g. {string.Join(',', missing.Take(3))}");
                }

                foreach (var (_, id, word) in acknowledged.OrderBy(a => a.Id).Where((_, i) => i % 5 == 0))
                {
                    await WaitUntilFoundAsync(reader, word, id);
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<HashSet<string>> WalkHomeAsync(HttpClient client)
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

    private static async Task WaitUntilFoundAsync(HttpClient client, string word, string id)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var result = await ReadJsonAsync(await client.GetAsync($"/api/v2/search?q={word}&type=statuses"), 200);
            if (result.GetProperty("statuses").EnumerateArray().Any(s => s.GetProperty("id").GetString() == id))
            {
                return;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), $"'{word}' ({id}) was not searchable 30 s after the restart");
            await Task.Delay(50);
        }
    }

    internal static async Task<string> SignUpAsync(HttpClient client, string username)
    {
        var app = await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/apps", new { client_name = "crash", redirect_uris = "urn:ietf:wg:oauth:2.0:oob", scopes = "read write follow" }), 200);
        var appToken = await ReadJsonAsync(await client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", app.GetProperty("client_id").GetString()!), ("client_secret", app.GetProperty("client_secret").GetString()!), ("scope", "read write follow"))), 200);
        using var appClient = Client(client.BaseAddress!, appToken.GetProperty("access_token").GetString()!);
        var user = await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username, email = username + "@example.com", password = "a long password", agreement = true }), 200);
        return user.GetProperty("access_token").GetString()!;
    }

    private static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
