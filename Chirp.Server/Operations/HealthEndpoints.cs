using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Chirp.Server.Operations;

/// <summary>
/// ASP.NET Core health checks. <c>/healthz</c> is liveness: 200 while the process serves, whatever the checks say (a
/// restart cures neither a full disk nor a lagging index), with the cheap disk check in the body. <c>/readyz</c> is
/// readiness: every check (engine, cluster replicas, disk, search lag); 503 when one is Unhealthy (the engine is not open), 200 when
/// Healthy or Degraded. Both answer JSON: the overall status and each check's status, description and numbers.
/// </summary>
public static class HealthEndpoints
{
    private const string LiveTag = "live";

    public static void AddChecks(IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<EngineHealthCheck>("engine")
            .AddCheck<ClusterHealthCheck>("cluster")
            .AddCheck<DiskHealthCheck>("disk", tags: [LiveTag])
            .AddCheck<SearchLagHealthCheck>("search");
    }

    public static void Map(WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status200OK,
            },
            ResponseWriter = WriteAsync,
        });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { ResponseWriter = WriteAsync });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
                data = entry.Value.Data,
            }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
