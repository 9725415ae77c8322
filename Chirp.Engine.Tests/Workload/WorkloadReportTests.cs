using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>The workload's written results: the JSON contract, the markdown tables, the ratios and the chart files.</summary>
public sealed class WorkloadReportTests : IDisposable
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "chirp-workload-report-" + Guid.NewGuid().ToString("N"));

    public WorkloadReportTests() => Directory.CreateDirectory(_directory);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Json_has_the_contract_fields_with_snake_case_names_and_round_trips()
    {
        OperationResult row = Row("redis", "timeline_read", 12_345.5, p50: 85, p99: 700) with { RatioChirpToThis = 2.5 };
        string path = Path.Combine(_directory, "results.json");

        WorkloadReport.WriteJson([row, Row("chirp", "search", 880, 321, 48_800)], path);
        string json = File.ReadAllText(path);

        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, document.RootElement.ValueKind);
        Assert.Equal(2, document.RootElement.GetArrayLength());
        JsonElement first = document.RootElement[0];
        string[] names = first.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            ["system", "operation", "ops_per_sec", "p50_us", "p99_us", "peak_rss_bytes", "p90_us", "p999_us", "count", "errors", "disk_bytes", "ratio_chirp_to_this"],
            names);
        Assert.Equal("redis", first.GetProperty("system").GetString());
        Assert.Equal("timeline_read", first.GetProperty("operation").GetString());
        Assert.Equal(12_345.5, first.GetProperty("ops_per_sec").GetDouble());
        Assert.Equal(85, first.GetProperty("p50_us").GetDouble());
        Assert.Equal(700, first.GetProperty("p99_us").GetDouble());
        Assert.Equal(row.PeakRssBytes, first.GetProperty("peak_rss_bytes").GetInt64());
        Assert.Equal(2.5, first.GetProperty("ratio_chirp_to_this").GetDouble());
        Assert.Equal(JsonValueKind.Null, document.RootElement[1].GetProperty("ratio_chirp_to_this").ValueKind);
        Assert.Contains("\n  {", json, StringComparison.Ordinal); // indented

        IReadOnlyList<OperationResult> back = WorkloadReport.FromJson(json);
        Assert.Equal([row, Row("chirp", "search", 880, 321, 48_800)], back);
    }

    [Fact]
    public void Json_writes_null_for_NaN_and_infinity_and_reads_null_back_as_NaN()
    {
        OperationResult row = Row("postgres", "search", double.NaN, p50: double.PositiveInfinity, p99: double.NegativeInfinity)
            with { P90Us = 1_200, P999Us = double.NaN, RatioChirpToThis = double.NaN };

        string json = WorkloadReport.ToJson([row]);

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement element = document.RootElement[0];
        foreach (string name in new[] { "ops_per_sec", "p50_us", "p99_us", "p999_us", "ratio_chirp_to_this" })
            Assert.Equal(JsonValueKind.Null, element.GetProperty(name).ValueKind);
        Assert.Equal(JsonValueKind.Number, element.GetProperty("p90_us").ValueKind);

        OperationResult back = Assert.Single(WorkloadReport.FromJson(json));
        Assert.True(double.IsNaN(back.OpsPerSec));
        Assert.True(double.IsNaN(back.P50Us));
        Assert.True(double.IsNaN(back.P99Us));
        Assert.True(double.IsNaN(back.P999Us));
        Assert.Equal(row.P90Us, back.P90Us);
        Assert.Null(back.RatioChirpToThis);
    }

    [Fact]
    public void Ratios_divide_chirps_throughput_by_the_peers_for_the_same_operation()
    {
        OperationResult[] rows =
        [
            Row("redis", "tweet_create", 10_000, 60, 900),
            Row("chirp", "tweet_create", 30_000, 31, 400) with { RatioChirpToThis = 7 },
            Row("postgres", "tweet_create", 0, 400, 6_000),
            Row("chirp-http", "tweet_create", 40_000, 250, 3_000),
            Row("redis", "mix_read", 5_000, 90, 700),
            Row("chirp", "timeline_read", 35_000, 50, 140),
            Row("postgres", "search", 200, 4_000, 90_000),
        ];

        IReadOnlyList<OperationResult> result = WorkloadReport.ComputeRatios(rows);

        Assert.Equal(rows.Select(r => (r.System, r.Operation)), result.Select(r => (r.System, r.Operation)));
        Assert.Equal(3.0, result[0].RatioChirpToThis!.Value, 12);
        Assert.Null(result[1].RatioChirpToThis); // Chirp's own row, even with a stale value
        Assert.Null(result[2].RatioChirpToThis); // a peer at 0 ops/s has no ratio
        Assert.Equal(0.75, result[3].RatioChirpToThis!.Value, 12);
        Assert.Null(result[4].RatioChirpToThis); // no Chirp row for mix_read
        Assert.Null(result[5].RatioChirpToThis);
        Assert.Null(result[6].RatioChirpToThis); // no Chirp row for search
        Assert.Equal(rows[0] with { RatioChirpToThis = 3.0 }, result[0]);
    }

    [Fact]
    public void Markdown_has_a_row_per_result_and_a_ratio_per_peer_and_main_operation()
    {
        IReadOnlyList<OperationResult> rows = WorkloadReport.ComputeRatios(
        [
            Row("chirp", "fanout_insert", 1_840_000, 1_170, 8_660),
            Row("redis", "fanout_insert", 613_333.3, 800, 5_000),
            Row("chirp", "tweet_create", 26_000, 31, 400),
            Row("redis", "tweet_create", 13_000, 62, 1_600) with { P999Us = double.NaN },
            Row("postgres", "tweet_create", 5_200, 400, 2_500_000),
            Row("chirp", "mix_read", 10_000, 100, 1_000),
            Row("redis", "mix_read", 8_000, 120, 1_100),
        ]);

        string markdown = WorkloadReport.ToMarkdown(rows);
        string[] lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        int header = Array.FindIndex(lines, l => l.StartsWith("| system | operation | ops/s | p50 | p90 | p99 | p99.9 |", StringComparison.Ordinal));
        Assert.True(header >= 0, markdown);
        string[] table = lines.Skip(header + 2).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(rows.Count, table.Length);
        for (int i = 0; i < rows.Count; i++)
            Assert.StartsWith($"| {rows[i].System} | {rows[i].Operation} | ", table[i], StringComparison.Ordinal);
        Assert.All(table, l => Assert.Equal(11, l.Count(c => c == '|')));

        Assert.Contains("| chirp | fanout_insert | 1,840,000 | 1.17 ms | 1.75 ms | 8.66 ms | 17.3 ms | 300.0 | 50.0 | – |", lines);
        Assert.Contains("| redis | fanout_insert | 613,333 | 800 µs | 1.20 ms | 5.00 ms | 10.0 ms | 300.0 | 50.0 | 3.00× |", lines);
        Assert.Contains("| redis | tweet_create | 13,000 | 62.0 µs | 93.0 µs | 1.60 ms | – | 300.0 | 50.0 | 2.00× |", lines);
        Assert.Contains("| postgres | tweet_create | 5,200 | 400 µs | 600 µs | 2.50 s | 5.00 s | 300.0 | 50.0 | 5.00× |", lines);

        int ratios = Array.FindIndex(lines, l => l.StartsWith("| peer | operation | throughput Chirp/peer | p99 Chirp/peer |", StringComparison.Ordinal));
        Assert.True(ratios > header, markdown);
        string[] ratioTable = lines.Skip(ratios + 2).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(
        [
            "| redis | fanout_insert | 3.00× | 1.73× |",
            "| redis | tweet_create | 2.00× | 0.25× |",
            "| postgres | tweet_create | 5.00× | 0.00016× |",
        ], ratioTable);
    }

    [Fact]
    public void Chart_writes_an_svg_naming_every_system_and_operation_and_a_png()
    {
        IReadOnlyList<OperationResult> rows = WorkloadReport.ComputeRatios(
        [
            Row("chirp", "fanout_insert", 1_840_000, 1_170, 8_660),
            Row("redis", "fanout_insert", 600_000, 800, 5_000),
            Row("chirp", "tweet_create", 26_000, 31, 400),
            Row("chirp-http", "tweet_create", 8_000, 250, 3_000),
            Row("redis", "tweet_create", 40_000, 60, 900),
            Row("postgres", "tweet_create", 5_000, 400, 6_000),
            Row("chirp", "timeline_read", 35_000, 50, 140),
            Row("postgres", "timeline_read", 3_000, 600, 5_000),
            Row("chirp", "search", 880, 321, 48_800),
            Row("postgres", "search", 200, double.NaN, 90_000), // no p50: the bar stays, the dash goes
            Row("chirp", "mix_read", 10_000, 100, 1_000),
        ]);
        string path = Path.Combine(_directory, "workload");

        WorkloadChart.Render(rows, path, "Chirp workload, test machine, 2026-12-02");

        string[] texts = SvgTexts(path + ".svg");
        Assert.Contains("Chirp workload, test machine, 2026-12-02", texts);
        foreach (string system in new[] { "chirp", "chirp-http", "redis", "postgres" })
            Assert.Contains(system, texts);
        foreach (string operation in WorkloadReport.MainOperations)
            Assert.Contains(operation, texts);
        Assert.DoesNotContain("mix_read", texts);
        Assert.Contains("1.84M", texts); // a bar's label is its real value, not its log

        byte[] png = File.ReadAllBytes(path + ".png");
        Assert.True(png.Length > 10_000, $"{png.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal(WorkloadChart.Width, ReadBigEndian(png, 16)); // IHDR width
        Assert.Equal(WorkloadChart.Height, ReadBigEndian(png, 20)); // IHDR height
    }

    [Fact]
    public void Chart_draws_throughput_on_a_log_scale_with_decade_ticks()
    {
        // One operation, 1k/s against 1M/s: the lowest decade is 1k, so it sits one decade above the axis (100) to
        // stay visible. On a log axis the bars are then 1 and 4 decades tall; on a linear one they would be 1 : 1000.
        OperationResult[] rows = [Row("chirp", "tweet_create", 1_000_000, 10, 100), Row("redis", "tweet_create", 1_000, 10, 100)];
        string path = Path.Combine(_directory, "log");

        WorkloadChart.Render(rows, path, "log scale");

        XDocument svg = XDocument.Load(path + ".svg");
        double chirp = TallestBarInThroughputPanel(svg, "#1F77B4");
        double redis = TallestBarInThroughputPanel(svg, "#D62728");
        Assert.Equal(4.0, chirp / redis, 2);
        string[] texts = SvgTexts(path + ".svg");
        foreach (string tick in new[] { "100", "1k", "10k", "100k", "1M", "10M" })
            Assert.Contains(tick, texts);
        Assert.Contains("10 µs", texts);
        Assert.Contains("100 µs", texts);
    }

    [Fact]
    public void Chart_of_no_rows_still_writes_both_files()
    {
        string path = Path.Combine(_directory, "empty");

        WorkloadChart.Render([], path, "nothing measured");

        Assert.Contains("nothing measured", SvgTexts(path + ".svg"));
        Assert.True(new FileInfo(path + ".png").Length > 0);
    }

    private static OperationResult Row(string system, string operation, double opsPerSec, double p50, double p99) =>
        new(system, operation, opsPerSec, p50, p99, PeakRssBytes: 300L << 20, P90Us: p50 * 1.5, P999Us: p99 * 2, Count: 1_000,
            Errors: 0, DiskBytes: 50L << 20, RatioChirpToThis: null);

    private static string[] SvgTexts(string path) =>
        XDocument.Load(path).Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();

    // The throughput panel is the left half; the tallest rectangle of a system's colour there is its bar (the legend's
    // swatch is a few pixels high).
    private static double TallestBarInThroughputPanel(XDocument svg, string fill) =>
        svg.Descendants(Svg + "rect")
            .Where(r => (string?)r.Attribute("fill") == fill && Number(r, "x") < WorkloadChart.Width / 2.0)
            .Max(r => Number(r, "height"));

    private static double Number(XElement element, string attribute) =>
        double.Parse((string?)element.Attribute(attribute) ?? "0", CultureInfo.InvariantCulture);

    private static int ReadBigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
