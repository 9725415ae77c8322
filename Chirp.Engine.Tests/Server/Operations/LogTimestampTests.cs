using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Server.Operations;

/// <summary>The server's stdout is one JSON object a line, each with a UTC ISO 8601 timestamp to the millisecond.</summary>
public sealed class LogTimestampTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_log_line_of_the_server_process_carries_a_utc_timestamp_with_milliseconds()
    {
        string directory = Path.Combine(Path.GetTempPath(), "chirp-server-logs-" + Guid.NewGuid().ToString("N"));
        var lines = new ConcurrentQueue<string>();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        try
        {
            await using (var server = await ServerProcess.StartAsync(directory, ServerProcess.FreePort(), ["--Logging:LogLevel:Default", "Information"], line =>
            {
                if (!string.IsNullOrEmpty(line))
                {
                    lines.Enqueue(line);
                }
            }))
            {
                server.Kill();
                await server.WaitForExitAsync();
            }

            var after = DateTimeOffset.UtcNow.AddSeconds(1);
            Assert.Contains(lines, line => line.Contains("Now listening on", StringComparison.Ordinal));
            foreach (string line in lines)
            {
                output.WriteLine(line);
                using var entry = JsonDocument.Parse(line);
                Assert.True(entry.RootElement.TryGetProperty("Timestamp", out var stamp), $"no Timestamp in {line}");
                string text = stamp.GetString()!;
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", text);
                var at = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                Assert.InRange(at, before, after);
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
