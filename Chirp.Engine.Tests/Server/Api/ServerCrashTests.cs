using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;
using static Chirp.Engine.Tests.Server.Support.ProcessClients;
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
                (tokens, ids) = await SignUpFollowingRingAsync(baseAddress, Writers);

                var acknowledged = new ConcurrentBag<(int Writer, string Id, string Word)>();
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                {
                    using var client = AuthorizedClient(baseAddress, tokens[w]);
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
                using var reader = AuthorizedClient(baseAddress, tokens[0]);
                foreach (var (writer, id, _) in acknowledged)
                {
                    var status = await ReadJsonAsync(await reader.GetAsync($"/api/v1/statuses/{id}"), 200);
                    Assert.Equal(ids[writer], status.GetProperty("account").GetProperty("id").GetString());
                }

                // Writer w's follower is writer w-1: every acknowledged status must be in that follower's home timeline.
                for (int follower = 0; follower < Writers; follower++)
                {
                    using var client = AuthorizedClient(baseAddress, tokens[follower]);
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
}
