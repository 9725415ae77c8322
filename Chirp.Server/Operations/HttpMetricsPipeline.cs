using Microsoft.AspNetCore.Diagnostics;
using Prometheus;

namespace Chirp.Server.Operations;

/// <summary>
/// prometheus-net's request counters and histograms, placed so that they record the answer the client got: errors
/// thrown by an endpoint are turned into their responses (404, 422, 429 …) inside the metrics, and keep their route's
/// <c>endpoint</c> label.
/// </summary>
public static class HttpMetricsPipeline
{
    /// <summary>Call after routing, in place of <c>UseHttpMetrics</c>; the outer exception handler stays for errors before it.</summary>
    public static IApplicationBuilder UseHttpMetricsOfAnswers(this IApplicationBuilder app, CollectorRegistry registry)
    {
        app.UseHttpMetrics(options => options.ConfigureMeasurements(measurement => measurement.Registry = registry));
        app.Use(async (context, next) =>
        {
            await next(context).ConfigureAwait(false);

            // The exception handler clears the endpoint before it writes the error; without it the metrics would
            // label every error answer endpoint="" and no alert could tell which route fails.
            if (context.GetEndpoint() is null && context.Features.Get<IExceptionHandlerPathFeature>()?.Endpoint is { } endpoint)
            {
                context.SetEndpoint(endpoint);
            }
        });

        // Inside the metrics: without it an exception passes through them while the status is still 200.
        return app.UseExceptionHandler();
    }
}
