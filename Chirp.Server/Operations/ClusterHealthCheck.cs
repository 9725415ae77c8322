using Chirp.Server.Cluster.Metadata;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>
/// A cluster node is ready once every one of its shard replicas knows its leader and has applied what is known to be
/// committed (a restarted node catches up first), and so does its replica of the metadata group (whose revocations it
/// must have seen); until then <c>/readyz</c> answers 503 naming the shards (and <c>metadata</c>). A single node has
/// nothing to wait for.
/// </summary>
public sealed class ClusterHealthCheck(EngineHost host, ClusterMetadata metadata) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var replicas = host.Replicas;
        if (replicas.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Not a cluster node."));
        }

        var waiting = replicas
            .Select(replica => (replica.ShardId, Reason: replica.NotReadyBecause()))
            .Where(shard => shard.Reason is not null)
            .ToDictionary(shard => $"shard_{shard.ShardId}", shard => (object)shard.Reason!);
        int shardsWaiting = waiting.Count;
        if ((metadata.Replica is { } replica ? replica.NotReadyBecause() : "not started") is { } metadataReason)
        {
            waiting["metadata"] = metadataReason;
        }

        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"Every one of the {replicas.Count} shard replicas and the metadata replica knows its leader and has caught up.")
            : HealthCheckResult.Unhealthy($"{shardsWaiting} of {replicas.Count} shard replicas are not ready{(waiting.ContainsKey("metadata") ? ", nor is the metadata replica" : "")}.", data: waiting));
    }
}
