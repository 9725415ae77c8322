using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>
/// Degraded while free space is below <see cref="DiskOptions.MinFreeMiB"/> (writes refused, reads served): not
/// Unhealthy, since taking the server out of rotation would stop the reads too. Reads the guard's last sample.
/// </summary>
public sealed class DiskHealthCheck(DiskSpaceGuard guard) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["free_bytes"] = guard.FreeBytes, ["min_free_bytes"] = guard.MinFreeBytes };
        return Task.FromResult(guard.IsLow
            ? HealthCheckResult.Degraded("Free disk space is below Chirp:Disk:MinFreeMiB: writes are refused.", data: data)
            : HealthCheckResult.Healthy("Free disk space is above Chirp:Disk:MinFreeMiB.", data));
    }
}
