using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Operations;

/// <summary>
/// Degraded when the search index of some shard lags its change feed by more than
/// <see cref="HealthOptions.MaxSearchLagSeconds"/>: new statuses are slow to become searchable. Healthy when search
/// is off or the engine is closed (the engine check reports that).
/// </summary>
public sealed class SearchLagHealthCheck(EngineHost host, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = TimeSpan.FromSeconds(options.Value.MaxSearchLagSeconds);
        var result = HealthCheckResult.Healthy("Search is off or the engine is not open.");
        host.UseWhileOpen(engine =>
        {
            if (!engine.Options.IndexForSearch)
            {
                return;
            }

            result = Judge(engine.GetSearchStatistics().Max(shard => shard.Lag), limit);
        });
        return Task.FromResult(result);
    }

    /// <summary>The result for the worst shard's lag.</summary>
    public static HealthCheckResult Judge(TimeSpan lag, TimeSpan limit)
    {
        var data = new Dictionary<string, object> { ["lag_seconds"] = lag.TotalSeconds, ["max_lag_seconds"] = limit.TotalSeconds };
        return lag > limit
            ? HealthCheckResult.Degraded($"The search index lags by {lag.TotalSeconds:F0} s, more than Chirp:Health:MaxSearchLagSeconds.", data: data)
            : HealthCheckResult.Healthy("The search index is caught up.", data);
    }
}
