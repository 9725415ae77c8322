using System.Net;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Cluster;

/// <summary>
/// Refuses cluster settings that would start a node that cannot work or that disagrees with its peers: an unknown
/// node id, duplicate ids or Raft ports (shards and the metadata group), a host that is not an IP address, ports out of range for the shard count,
/// a missing API address, election timeouts not lower &lt; upper. Runs at start, so that the server stops with one line
/// naming the setting instead of failing later inside Raft.
/// </summary>
public sealed class ClusterOptionsValidation(IOptions<ServerOptions> server) : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Failures(options, server.Value.ShardCount).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> Failures(ClusterOptions options, int shardCount)
    {
        if (!options.IsCluster)
        {
            if (!string.IsNullOrEmpty(options.NodeId))
            {
                yield return $"{ClusterOptions.Section}:NodeId is '{options.NodeId}' but {ClusterOptions.Section}:Nodes is empty; list every node, or remove NodeId to run a single node";
            }

            yield break;
        }

        if (string.IsNullOrEmpty(options.NodeId))
        {
            yield return $"{ClusterOptions.Section}:NodeId is required when {ClusterOptions.Section}:Nodes is set";
        }
        else if (!options.Nodes.Any(node => node.Id == options.NodeId))
        {
            yield return $"{ClusterOptions.Section}:NodeId '{options.NodeId}' is not among the nodes ({string.Join(", ", options.Nodes.Select(node => node.Id))})";
        }

        if (options.LowerElectionTimeoutMs < 10 || options.LowerElectionTimeoutMs >= options.UpperElectionTimeoutMs)
        {
            yield return $"{ClusterOptions.Section}: the election timeouts must satisfy 10 <= LowerElectionTimeoutMs < UpperElectionTimeoutMs (they are {options.LowerElectionTimeoutMs} and {options.UpperElectionTimeoutMs})";
        }

        if (options.RequestTimeoutMs < 10)
        {
            yield return $"{ClusterOptions.Section}:RequestTimeoutMs must be at least 10 (it is {options.RequestTimeoutMs})";
        }

        if (options.SnapshotEveryEntries < 2)
        {
            yield return $"{ClusterOptions.Section}:SnapshotEveryEntries must be at least 2 (it is {options.SnapshotEveryEntries})";
        }

        foreach (var duplicate in options.Nodes.GroupBy(node => node.Id, StringComparer.Ordinal).Where(group => group.Count() > 1))
        {
            yield return $"{ClusterOptions.Section}:Nodes: the id '{duplicate.Key}' appears {duplicate.Count()} times";
        }

        var taken = new Dictionary<IPEndPoint, string>();
        for (int index = 0; index < options.Nodes.Count; index++)
        {
            var node = options.Nodes[index];
            string at = $"{ClusterOptions.Section}:Nodes:{index}";
            if (string.IsNullOrWhiteSpace(node.Id))
            {
                yield return $"{at}:Id is required";
            }

            if (!Uri.TryCreate(node.ApiUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            {
                yield return $"{at}:ApiUrl '{node.ApiUrl}' is not an absolute http(s) address";
            }

            if (!IPAddress.TryParse(node.RaftHost, out _))
            {
                yield return $"{at}:RaftHost '{node.RaftHost}' is not an IP address";
                continue;
            }

            if (node.RaftBasePort < 1 || node.RaftBasePort + shardCount > IPEndPoint.MaxPort)
            {
                yield return $"{at}:RaftBasePort {node.RaftBasePort} does not leave room for {shardCount} shard ports and the metadata port (RaftBasePort + shard, then RaftBasePort + {shardCount}; at most {IPEndPoint.MaxPort})";
                continue;
            }

            if (node.NodePort < 1 || node.NodePort > IPEndPoint.MaxPort)
            {
                yield return $"{at}:NodePort {node.NodePort} is not a port (1 – {IPEndPoint.MaxPort}); the node protocol listens there";
            }
            else if (!taken.TryAdd(ClusterOptions.NodeEndPoint(node), node.Id))
            {
                yield return $"{at}: node '{node.Id}' would listen for the node protocol on {ClusterOptions.NodeEndPoint(node)}, which another listener uses";
            }

            for (int shard = 0; shard < shardCount; shard++)
            {
                var endPoint = ClusterOptions.RaftEndPoint(node, shard);
                if (taken.TryGetValue(endPoint, out string? other))
                {
                    yield return $"{at}: node '{node.Id}' shard {shard} would listen on {endPoint}, which node '{other}' uses too";
                    break;
                }

                taken.Add(endPoint, node.Id);
            }

            var metadata = ClusterOptions.MetadataRaftEndPoint(node, shardCount);
            if (!taken.TryAdd(metadata, node.Id))
            {
                yield return $"{at}: node '{node.Id}' would run its metadata group on {metadata} (RaftBasePort + {shardCount}), which another listener uses";
            }
        }
    }
}
