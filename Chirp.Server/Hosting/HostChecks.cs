using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Hosting;

/// <summary>
/// Host header checks with ASP.NET Core's host filtering. <c>AllowedHosts</c> (semicolon-separated) is honoured as
/// usual; when it is unset and <c>Chirp:PublicOrigin</c> is set, the origin's host and the loopback names are allowed
/// (health checks from the machine itself). A refused Host gets 400 with a JSON body: the filter runs inside the
/// server's error pages rather than in front of everything, where the framework puts it by default.
/// </summary>
public static class HostChecks
{
    public static void Add(WebApplicationBuilder builder)
    {
        var defaultFilter = builder.Services.Where(d => d.ServiceType == typeof(IStartupFilter) && d.ImplementationType?.Name == "HostFilteringStartupFilter").ToList();
        foreach (var descriptor in defaultFilter)
        {
            builder.Services.Remove(descriptor);
        }

        string? allowedHosts = builder.Configuration["AllowedHosts"];
        builder.Services.AddOptions<HostFilteringOptions>().Configure<IOptions<ServerOptions>>((options, server) =>
        {
            options.IncludeFailureMessage = false;
            if (string.IsNullOrWhiteSpace(allowedHosts) && options.AllowedHosts.Count == 0 && PublicOrigin.ConfiguredHost(server.Value) is { } host)
            {
                options.AllowedHosts = [host, "localhost", "127.0.0.1", "[::1]"];
            }
        });
    }
}
