using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Server.Operations;

/// <summary>
/// The report, on a real server process with its default settings: statuses acknowledged, the process killed,
/// 4 bytes overwritten at a quarter of each shard's write-ahead log. The server no longer starts as if nothing happened:
/// it logs which shard and file are damaged and exits non-zero; with Chirp:RecoverFromDamage it starts and logs at
/// error level what it dropped.
/// </summary>
[Collection(nameof(CrashRecoveryTests))]
public sealed class DamagedShardProcessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_server_whose_shard_logs_are_damaged_exits_non_zero_naming_shard_and_file_and_starts_with_the_recovery_setting()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chirp-server-damaged-" + Guid.NewGuid().ToString("N"));
        int port = ServerProcess.FreePort();
        try
        {
            await using (var server = await ServerProcess.StartAsync(directory, port))
            {
                using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                string token = await ProcessClients.SignUpAsync(anonymous, "writer");
                using var client = new HttpClient { BaseAddress = anonymous.BaseAddress };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                for (int i = 0; i < 60; i++)
                {
                    var posted = await client.PostAsJsonAsync("/api/v1/statuses", new { status = $"status {i} before the damage" });
                    Assert.True(posted.IsSuccessStatusCode, $"posting answered {(int)posted.StatusCode}");
                }

                server.Kill();
                await server.WaitForExitAsync();
            }

            var damaged = new List<string>();
            foreach (string shard in Directory.GetDirectories(Path.Combine(directory, "engine"), "shard-*"))
            {
                string log = Directory.GetFiles(shard, "*.log").OrderBy(path => new FileInfo(path).Length).Last();
                using var file = new FileStream(log, FileMode.Open);
                file.Position = file.Length / 4;
                file.Write([0xde, 0xad, 0xbe, 0xef]);
                damaged.Add(Path.GetFileName(log));
            }

            var lines = new ConcurrentQueue<string>();
            await using (var refused = ServerProcess.Launch(directory, port, onOutput: line => Keep(lines, line)))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await refused.WaitForExitAsync(timeout.Token);
                Assert.NotEqual(0, refused.Process.ExitCode);
            }

            var refusal = Assert.Single(lines, line => line.Contains("Refusing to start", StringComparison.Ordinal));
            Assert.Contains("\"Critical\"", refusal);
            Assert.Contains("shard-000", refusal);
            Assert.Contains(damaged, refusal.Contains);
            Assert.Contains("Chirp:RecoverFromDamage=true", refusal);

            lines.Clear();
            await using (await ServerProcess.StartAsync(directory, port, ["--Chirp:RecoverFromDamage", "true"], line => Keep(lines, line)))
            {
                var dropped = lines.Where(line => line.Contains("\"Error\"", StringComparison.Ordinal) && line.Contains("dropping data", StringComparison.Ordinal)).ToList();
                Assert.Equal(damaged.Count, dropped.Count);
                Assert.All(dropped, line => Assert.Contains("applied position is now", line));
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

    private void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (!string.IsNullOrEmpty(line))
        {
            lines.Enqueue(line);
            output.WriteLine(line);
        }
    }
}
