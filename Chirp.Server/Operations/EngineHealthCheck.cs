using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>
/// Healthy while the engine is open and its databases answer (their sizes are read); Unhealthy before it opens, and
/// once it has closed or failed.
/// </summary>
public sealed class EngineHealthCheck(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = HealthCheckResult.Unhealthy("The engine is not open.");
        host.UseWhileOpen(engine =>
        {
            try
            {
                var storage = engine.GetStorageStatistics();
                result = HealthCheckResult.Healthy("The engine is open.", new Dictionary<string, object>
                {
                    ["shards"] = engine.ShardCount,
                    ["outbox_depth"] = engine.GetOutboxDepth(),
                    ["pending_compaction_bytes"] = storage.Sum(shard => shard.PendingCompactionBytes),
                });
            }
            catch (ObjectDisposedException)
            {
                result = HealthCheckResult.Unhealthy("The engine has closed.");
            }
        });
        return Task.FromResult(result);
    }
}
