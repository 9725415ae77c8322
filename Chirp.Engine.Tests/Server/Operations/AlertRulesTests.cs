using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chirp.Bench.Support;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Server.Operations;

/// <summary>
/// The alert rules and the dashboard shipped in docs/ops are valid, and every metric they read is one a running
/// server exports, so no alert silently watches a name that does not exist.
/// </summary>
public sealed partial class AlertRulesTests
{
    private static string Rules => Path.Combine(RepositoryRoot.Find(), "docs", "ops", "chirp-alerts.yml");

    private static string RuleTests => Path.Combine(RepositoryRoot.Find(), "docs", "ops", "chirp-alerts.test.yml");

    private static string Dashboard => Path.Combine(RepositoryRoot.Find(), "docs", "ops", "chirp-dashboard.json");

    [SkippableFact]
    public async Task Promtool_accepts_the_alert_rules_and_their_unit_tests_pass()
    {
        string? promtool = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "promtool")).FirstOrDefault(File.Exists);
        Skip.If(promtool is null, "promtool is not on PATH (Debian's prometheus package; .ci/run installs it).");

        await RunPromtoolAsync(promtool, "check", "rules", Rules);

        // Feeds series as the server exports them and checks which alerts fire (docs/ops/chirp-alerts.test.yml).
        await RunPromtoolAsync(promtool, "test", "rules", RuleTests);
    }

    [Fact]
    public async Task Every_metric_the_alert_rules_and_the_dashboard_read_is_exported_by_a_running_server()
    {
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (Match name in MetricName().Matches(await File.ReadAllTextAsync(Rules)))
        {
            referenced.Add(name.Value);
        }

        var dashboardNames = DashboardExpressions(JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard)).RootElement)
            .SelectMany(expression => MetricName().Matches(expression).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(dashboardNames);
        referenced.UnionWith(dashboardNames);
        Assert.Superset(new HashSet<string>(["chirp_disk_free_bytes", "chirp_disk_min_free_bytes"]), referenced.ToHashSet());

        await using var server = await RunningServer.StartAsync();
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        await RunningServer.ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "hello" }), 200);
        await RunningServer.ReadJsonAsync(await ann.GetAsync("/api/v1/timelines/home"), 200);
        await RunningServer.ReadJsonAsync(await ann.GetAsync("/api/v2/search?q=hello&type=statuses"), 200);
        await RunningServer.ReadJsonAsync(await server.Client.GetAsync("/api/v1/statuses/1"), 404);
        var exported = (await MetricSamples.ScrapeAsync(server.Client)).Names;

        var missing = referenced.Except(exported).ToList();
        Assert.True(missing.Count == 0, $"the alert rules or the dashboard read metrics the server does not export: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task The_dashboard_asks_for_its_prometheus_data_source_and_every_panel_uses_it()
    {
        var root = JsonDocument.Parse(await File.ReadAllTextAsync(Dashboard)).RootElement;
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        Assert.Contains(variables, v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus" && v.GetProperty("name").GetString() == "datasource");
        var panels = root.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.True(panels.Count >= 10, $"only {panels.Count} panels");
        Assert.All(panels, panel =>
        {
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray());
        });
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("title").GetString()).Distinct().Count());
    }

    private static async Task RunPromtoolAsync(string promtool, params string[] arguments)
    {
        var start = new ProcessStartInfo(promtool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        await using var run = ChildProcess.Start(start);
        var stdout = run.Process.StandardOutput.ReadToEndAsync();
        var stderr = run.Process.StandardError.ReadToEndAsync();
        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        string report = await stdout + await stderr;
        Assert.True(run.Process.ExitCode == 0, $"promtool {string.Join(' ', arguments)}:\n{report}");
        Assert.Contains("SUCCESS", report, StringComparison.Ordinal);
    }

    private static IEnumerable<string> DashboardExpressions(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : DashboardExpressions(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(DashboardExpressions),
        _ => [],
    };

    /// <summary>The server's metric families: its own (chirp_), prometheus-net's HTTP and process ones.</summary>
    [GeneratedRegex(@"\b(?:chirp|http|process|dotnet)_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
