using System.Globalization;
using System.Text.RegularExpressions;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// A /metrics scrape in the Prometheus text format, parsed into samples, so tests can assert counters by value and
/// labels rather than by a substring of the text.
/// </summary>
public sealed partial class MetricSamples
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];

    private MetricSamples()
    {
    }

    /// <summary>Every metric family a <c># TYPE</c> line declares, and every sample name (histograms add suffixes).</summary>
    public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

    public static async Task<MetricSamples> ScrapeAsync(HttpClient client) => Parse(await client.GetStringAsync("/metrics"));

    public static MetricSamples Parse(string text)
    {
        var samples = new MetricSamples();
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                samples.Names.Add(line.Split(' ')[2]);
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            var match = SampleLine().Match(line);
            Assert.True(match.Success, $"not a Prometheus sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
            {
                labels[label.Groups["key"].Value] = label.Groups["value"].Value;
            }

            string name = match.Groups["name"].Value;
            samples.Names.Add(name);
            samples._samples.Add((name, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    /// <summary>The sum of the samples of <paramref name="name"/> whose labels include every one given.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        _samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out string? v) && v == l.Value)).Sum(s => s.Value);

    /// <summary>The label sets of <paramref name="name"/>'s samples, for failure messages.</summary>
    public string Describe(string name) =>
        string.Join('\n', _samples.Where(s => s.Name == name).Select(s => $"{{{string.Join(',', s.Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {s.Value}"));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)(\s+\S+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(\\.|[^""\\])*)""")]
    private static partial Regex LabelPair();
}
