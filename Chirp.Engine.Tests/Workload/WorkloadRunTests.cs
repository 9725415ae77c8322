using System.Text.Json;
using System.Text.RegularExpressions;
using Chirp.Bench.Workload;
using Chirp.Bench.Workload.Redis;

namespace Chirp.Engine.Tests.Workload;

/// <summary>The <c>workload</c> command's run end to end on a small graph and corpus.</summary>
public sealed class WorkloadRunTests : IDisposable
{
    private readonly WorkloadData _data = new();

    [Fact]
    public async Task A_run_against_chirp_in_process_and_over_http_agrees_with_the_plan_and_writes_every_report()
    {
        string json = Path.Combine(_data.Directory, "results.json");
        string markdown = Path.Combine(_data.Directory, "results.md");
        string chart = Path.Combine(_data.Directory, "chart");
        var log = new StringWriter();
        var request = new WorkloadRun.Request(["chirp", "chirp-http"], WorkloadScale.Small, WorkloadData.Settings(), _data.Graph, _data.Corpus, json, markdown, chart, _data.Directory);

        int exit = await WorkloadRun.RunAsync(request, log);

        string output = log.ToString();
        Assert.True(exit == 0, output);
        Assert.Contains("cross-check [chirp]: 40/40 home timelines", output, StringComparison.Ordinal);
        Assert.Contains("cross-check [chirp-http]: 40/40 home timelines", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var rows = document.RootElement.EnumerateArray().ToList();
        foreach (string system in new[] { "chirp", "chirp-http" })
        {
            foreach (string operation in new[] { "fanout_insert", "tweet_create", "timeline_read", "search", "mix_read", "mix_post" })
            {
                var row = rows.Single(r => r.GetProperty("system").GetString() == system && r.GetProperty("operation").GetString() == operation);
                Assert.True(row.GetProperty("ops_per_sec").GetDouble() > 0, $"{system} {operation}: {row}");
                // The fanout lag comes from probes of the mixed phase's posts; a short run may take none.
                if (operation != "fanout_insert" || row.GetProperty("p50_us").ValueKind == JsonValueKind.Number)
                {
                    Assert.True(row.GetProperty("p99_us").GetDouble() >= row.GetProperty("p50_us").GetDouble(), $"{system} {operation}: {row}");
                }

                Assert.True(row.GetProperty("peak_rss_bytes").GetInt64() > 0, $"{system} {operation}");
                Assert.Equal(0, row.GetProperty("errors").GetInt64());
            }

            var posts = rows.Single(r => r.GetProperty("system").GetString() == system && r.GetProperty("operation").GetString() == "tweet_create");
            Assert.Equal(240, posts.GetProperty("count").GetInt64());
            var reads = rows.Single(r => r.GetProperty("system").GetString() == system && r.GetProperty("operation").GetString() == "timeline_read");
            Assert.Equal(240, reads.GetProperty("count").GetInt64());
        }

        var httpRead = rows.Single(r => r.GetProperty("system").GetString() == "chirp-http" && r.GetProperty("operation").GetString() == "timeline_read");
        Assert.Equal(JsonValueKind.Number, httpRead.GetProperty("ratio_chirp_to_this").ValueKind);
        Assert.Contains("| chirp-http | timeline_read |", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
        Assert.True(new FileInfo(chart + ".svg").Length > 0);
        Assert.True(new FileInfo(chart + ".png").Length > 0);
    }

    [SkippableFact]
    public async Task A_run_against_chirp_redis_and_postgres_agrees_with_the_plan_and_reports_ratios_to_each_peer()
    {
        Skip.IfNot(RedisServerProcess.IsInstalled(), "redis-server is not on PATH (Debian's redis-server package).");
        Skip.If(PostgresServerProcess.FindBinDirectory() is null, "PostgreSQL's binaries are not installed (Debian's postgresql package).");
        string json = Path.Combine(_data.Directory, "results.json");
        var log = new StringWriter();
        var request = new WorkloadRun.Request(["chirp", "redis", "postgres"], WorkloadScale.Small, WorkloadData.Settings(), _data.Graph, _data.Corpus, json, null, null, null);

        int exit = await WorkloadRun.RunAsync(request, log);

        string output = log.ToString();
        Assert.True(exit == 0, output);
        Assert.True(output.Contains("cross-check [redis]: 40/40 home timelines and 0/0 searches agree", StringComparison.Ordinal), output);
        Assert.True(Regex.IsMatch(output, @"cross-check \[postgres\]: 40/40 home timelines and ([1-9][0-9]*)/\1 searches agree"), output);
        var rows = WorkloadReport.FromJson(await File.ReadAllTextAsync(json));
        Assert.DoesNotContain(rows, r => r.System == "redis" && r.Operation == "search");
        Assert.DoesNotContain(rows, r => r.System == "postgres" && r.Operation == "fanout_insert");
        foreach (var (system, operation) in new[] { ("redis", "fanout_insert"), ("redis", "timeline_read"), ("postgres", "timeline_read"), ("postgres", "search") })
        {
            var peer = rows.Single(r => r.System == system && r.Operation == operation);
            var chirp = rows.Single(r => r.System == "chirp" && r.Operation == operation);
            Assert.Equal(chirp.OpsPerSec / peer.OpsPerSec, peer.RatioChirpToThis!.Value, 6);
            Assert.True(peer.PeakRssBytes > 0 && peer.DiskBytes > 0, $"{system}: memory {peer.PeakRssBytes}, disk {peer.DiskBytes}");
        }
    }

    [Fact]
    public async Task A_missing_data_file_is_reported_and_nothing_runs()
    {
        var log = new StringWriter();
        var request = new WorkloadRun.Request(["chirp"], WorkloadScale.Small, WorkloadData.Settings(), new(Path.Combine(_data.Directory, "none.txt")), _data.Corpus, null, null, null, _data.Directory);

        int exit = await WorkloadRun.RunAsync(request, log);

        Assert.Equal(2, exit);
        Assert.Contains("none.txt is missing", log.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
