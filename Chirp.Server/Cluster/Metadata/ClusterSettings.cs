using System.Globalization;
using Chirp.Server.Limits;

namespace Chirp.Server.Cluster.Metadata;

/// <summary>
/// The settings every node of a cluster must share, as <c>name=value</c> lines for the <see cref="ClusterIdentity"/>
/// record: the shard count (it decides where every key lives), the node list as Raft and the node protocol see it
/// (ids, hosts, ports; not the API addresses), and the rate limits (so that every node enforces the same ones).
/// </summary>
public static class ClusterSettings
{
    public static IReadOnlyList<string> Of(ClusterOptions cluster, int shardCount, RateLimitOptions rateLimits)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(rateLimits);
        var settings = new List<string> { "ShardCount=" + shardCount.ToString(CultureInfo.InvariantCulture) };
        settings.Add("Nodes=" + string.Join(", ", cluster.Nodes.Select(node => node.Id).Order(StringComparer.Ordinal)));
        foreach (var node in cluster.Nodes.OrderBy(node => node.Id, StringComparer.Ordinal))
        {
            settings.Add(string.Create(CultureInfo.InvariantCulture, $"Node {node.Id}=Raft {node.RaftHost}:{node.RaftBasePort}, node protocol port {node.NodePort}"));
        }

        foreach (var property in typeof(RateLimitOptions).GetProperties().Where(property => property.CanRead).OrderBy(property => property.Name, StringComparer.Ordinal))
        {
            settings.Add($"{RateLimitOptions.Section}:{property.Name}={Convert.ToString(property.GetValue(rateLimits), CultureInfo.InvariantCulture)}");
        }

        return settings;
    }
}
