namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// The record the metadata group keeps of what the cluster is: an id made once (by the first node to propose one) and
/// the settings every node must share, as <c>name=value</c> lines (<see cref="ClusterSettings"/>). A node whose data
/// holds another id, or whose settings differ, refuses to start.
/// </summary>
public sealed record ClusterIdentity(string ClusterId, IReadOnlyList<string> Settings)
{
    /// <summary>Each setting whose value here differs from the record's, said in words; empty when all match.</summary>
    public IReadOnlyList<string> DifferencesFrom(IReadOnlyList<string> local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var recorded = ByName(Settings);
        var mine = ByName(local);
        return [.. recorded.Keys.Union(mine.Keys).Order(StringComparer.Ordinal)
            .Where(name => recorded.GetValueOrDefault(name) != mine.GetValueOrDefault(name))
            .Select(name => $"{name} is {mine.GetValueOrDefault(name) ?? "not set"} here but {recorded.GetValueOrDefault(name) ?? "not set"} in the cluster")];
    }

    private static Dictionary<string, string> ByName(IEnumerable<string> settings) =>
        settings.Select(line => line.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "", StringComparer.Ordinal);
}
