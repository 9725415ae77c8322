using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>Healthy while the engine is open (with its shard count and outbox depth); Unhealthy before it opens and once it closes.</summary>
public sealed class EngineHealthCheck(EngineHost host) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = HealthCheckResult.Unhealthy("The engine is not open.");
        host.UseWhileOpen(engine => result = HealthCheckResult.Healthy("The engine is open.", new Dictionary<string, object>
        {
            ["shards"] = engine.ShardCount,
            ["outbox_depth"] = engine.GetOutboxDepth(),
        }));
        return Task.FromResult(result);
    }
}
