using Chirp.Server.Api;
using Chirp.Server.Backup;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Cluster;

/// <summary>
/// <c>GET /api/v1/chirp/cluster</c>: the cluster as this node sees it, for the operator (loopback and the admin token,
/// like the other admin calls): the node list, and per shard this node's replica (leader or not, who leads, term,
/// commit and applied index, leader changes, and whether it is ready). 404 on a single node.
/// </summary>
public static class ClusterEndpoints
{
    public const string Path = "/api/v1/chirp/cluster";

    public static void Map(WebApplication app) => app.MapGet(Path, Topology);

    private static IResult Topology(HttpContext context, AdminToken token, IOptions<ClusterOptions> cluster, EngineHost host)
    {
        AdminEndpoints.RequireOperator(context, token);
        var settings = cluster.Value;
        if (!settings.IsCluster)
        {
            throw new ApiException(StatusCodes.Status404NotFound, "This server is a single node, not a cluster node");
        }

        return Results.Json(new
        {
            node_id = settings.NodeId,
            nodes = settings.Nodes.Select(node => new
            {
                id = node.Id,
                api_url = node.ApiUrl,
                raft_host = node.RaftHost,
                raft_base_port = node.RaftBasePort,
                node_port = node.NodePort,
            }),
            shards = host.Replicas.Select(replica =>
            {
                var statistics = replica.GetStatistics();
                string? notReady = replica.NotReadyBecause();
                return new
                {
                    shard = statistics.ShardId,
                    is_leader = statistics.IsLeader,
                    leader = replica.LeaderEndPoint?.ToString(),
                    term = statistics.Term,
                    commit_index = statistics.CommitIndex,
                    applied_index = statistics.AppliedIndex,
                    leader_changes = statistics.LeaderChanges,
                    snapshot_index = statistics.SnapshotIndex,
                    snapshot_installs = statistics.SnapshotInstalls,
                    ready = notReady is null,
                    not_ready_because = notReady,
                };
            }),
        });
    }
}
