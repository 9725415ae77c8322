using System.Globalization;

namespace Chirp.Bench.Cluster;

/// <summary>A /metrics scrape (Prometheus text format) reduced to what the cluster bench reads: per-shard gauges.</summary>
public sealed class MetricsScrape
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private MetricsScrape(List<(string Name, string Labels, double Value)> samples) => _samples = samples;

    public static MetricsScrape Parse(string text)
    {
        var samples = new List<(string, string, double)>();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            int brace = line.IndexOf('{', StringComparison.Ordinal);
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                continue;
            }

            string name = brace >= 0 && brace < space ? line[..brace] : line[..space];
            string labels = brace >= 0 && brace < space ? line[brace..space] : "";
            samples.Add((name, labels, value));
        }

        return new MetricsScrape(samples);
    }

    /// <summary>Whether any sample of <paramref name="name"/> was exposed (a metric this server version may lack).</summary>
    public bool Has(string name) => _samples.Exists(s => s.Name == name);

    /// <summary>The sum over all label sets of <paramref name="name"/> (0 if absent).</summary>
    public double Sum(string name) => _samples.Where(s => s.Name == name).Sum(s => s.Value);

    /// <summary>The sample of <paramref name="name"/> for <c>shard="<paramref name="shard"/>"</c> (0 if absent).</summary>
    public double OfShard(string name, int shard)
    {
        string label = "shard=\"" + shard.ToString(CultureInfo.InvariantCulture) + "\"";
        return _samples.Where(s => s.Name == name && s.Labels.Contains(label, StringComparison.Ordinal)).Sum(s => s.Value);
    }
}
