using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>
/// A cluster node is ready once every one of its shard replicas knows its leader and has applied what is known to be
/// committed (a restarted node catches up first); until then <c>/readyz</c> answers 503 naming the shards. A single
/// node has nothing to wait for.
/// </summary>
public sealed class ClusterHealthCheck(EngineHost host) : IHealthCheck
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
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"Every one of the {replicas.Count} shard replicas knows its leader and has caught up.")
            : HealthCheckResult.Unhealthy($"{waiting.Count} of {replicas.Count} shard replicas are not ready.", data: waiting));
    }
}
