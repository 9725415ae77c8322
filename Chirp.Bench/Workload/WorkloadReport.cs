using System.Text;
using System.Text.Json;

namespace Chirp.Bench.Workload;

/// <summary>
/// The written results of a workload run: the rows as a JSON array (the machine-readable contract) and as markdown
/// tables (for docs/benchmarks.md), and the Chirp-to-peer ratios filled in before either is written.
/// </summary>
/// <remarks>
/// JSON has no NaN or infinity. A double that is not finite (a percentile of a phase that measured nothing, say) is
/// written as <c>null</c>, and read back as <see cref="double.NaN"/>: a reader sees "no value", never a 0 that would look
/// like the best result of the run. The markdown prints such a value as "–".
/// </remarks>
public static class WorkloadReport
{
    /// <summary>The name of Chirp in process, the system every other one is compared with.</summary>
    public const string ChirpSystem = "chirp";

    /// <summary>The four operations the chart and the ratio table show, in their order.</summary>
    public static IReadOnlyList<string> MainOperations { get; } = ["fanout_insert", "tweet_create", "timeline_read", "search"];

    /// <summary>The serializer settings of the JSON file: indented, the record's snake_case names, null for a non-finite double.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>
    /// Returns the rows with <see cref="OperationResult.RatioChirpToThis"/> set on every row of a system other than
    /// <see cref="ChirpSystem"/>: Chirp's ops/s divided by the row's, from Chirp's row of the same operation (the first,
    /// if there are several). Null on Chirp's own rows, when Chirp has no row for the operation, and when either
    /// throughput is not a positive finite number. The order of the rows is kept.
    /// </summary>
    public static IReadOnlyList<OperationResult> ComputeRatios(IReadOnlyList<OperationResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var result = new OperationResult[rows.Count];
        for (int i = 0; i < rows.Count; i++)
        {
            OperationResult row = rows[i];
            double? ratio = row.System == ChirpSystem || ChirpRow(rows, row.Operation) is not { } chirp
                ? null
                : Ratio(chirp.OpsPerSec, row.OpsPerSec);
            result[i] = row with { RatioChirpToThis = ratio };
        }
        return result;
    }

    /// <summary>The rows as an indented JSON array (see <see cref="JsonOptions"/>).</summary>
    public static string ToJson(IReadOnlyList<OperationResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows, JsonOptions);
    }

    /// <summary>Writes <see cref="ToJson"/> to <paramref name="path"/> (UTF-8, no byte order mark, ending in a newline).</summary>
    public static void WriteJson(IReadOnlyList<OperationResult> rows, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllText(path, ToJson(rows) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Reads rows written by <see cref="ToJson"/>; a null where the contract has a number comes back as NaN.</summary>
    public static IReadOnlyList<OperationResult> FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<List<OperationResult>>(json, JsonOptions)
            ?? throw new JsonException("The workload results are null, not a JSON array.");
    }

    /// <summary>
    /// Two markdown tables: every row (system, operation, ops/s, p50, p90, p99, p99.9, peak RSS, disk, Chirp/peer
    /// ratio), then for each peer and main operation the Chirp/peer ratios of throughput and of p99 latency.
    /// </summary>
    public static string ToMarkdown(IReadOnlyList<OperationResult> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine("| system | operation | ops/s | p50 | p90 | p99 | p99.9 | peak RSS (MiB) | disk (MiB) | Chirp/peer ops/s |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (OperationResult row in rows)
        {
            Cells(text,
                Escape(row.System), Escape(row.Operation), WorkloadFormat.Throughput(row.OpsPerSec),
                WorkloadFormat.Latency(row.P50Us), WorkloadFormat.Latency(row.P90Us), WorkloadFormat.Latency(row.P99Us),
                WorkloadFormat.Latency(row.P999Us), WorkloadFormat.Mebibytes(row.PeakRssBytes), WorkloadFormat.Mebibytes(row.DiskBytes),
                WorkloadFormat.Ratio(row.RatioChirpToThis));
        }

        text.AppendLine();
        text.AppendLine("Ratios, Chirp / peer, same run (throughput above 1 and p99 below 1 favour Chirp):");
        text.AppendLine();
        text.AppendLine("| peer | operation | throughput Chirp/peer | p99 Chirp/peer |");
        text.AppendLine("| --- | --- | ---: | ---: |");
        IEnumerable<string> peers = rows.Select(r => r.System).Where(s => s != ChirpSystem).Distinct(StringComparer.Ordinal);
        foreach (string peer in peers)
        {
            foreach (string operation in MainOperations)
            {
                if (rows.FirstOrDefault(r => r.System == peer && r.Operation == operation) is not { } row) continue;
                OperationResult? chirp = ChirpRow(rows, operation);
                Cells(text,
                    Escape(peer), Escape(operation),
                    WorkloadFormat.Ratio(chirp is null ? null : Ratio(chirp.OpsPerSec, row.OpsPerSec)),
                    WorkloadFormat.Ratio(chirp is null ? null : Ratio(chirp.P99Us, row.P99Us)));
            }
        }
        return text.ToString();
    }

    private static OperationResult? ChirpRow(IReadOnlyList<OperationResult> rows, string operation) =>
        rows.FirstOrDefault(r => r.System == ChirpSystem && r.Operation == operation);

    // A ratio only of two positive finite numbers; anything else has no meaningful ratio.
    private static double? Ratio(double chirp, double peer) =>
        double.IsFinite(chirp) && double.IsFinite(peer) && chirp > 0 && peer > 0 ? chirp / peer : null;

    private static void Cells(StringBuilder text, params string[] cells) => text.Append("| ").AppendJoin(" | ", cells).AppendLine(" |");

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = true };
        options.Converters.Add(new FiniteDoubleJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
