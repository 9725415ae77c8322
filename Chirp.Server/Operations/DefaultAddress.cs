namespace Chirp.Server.Operations;

/// <summary>
/// Where Kestrel listens when nothing says: <c>http://127.0.0.1:5000</c>, loopback only, so that a first run exposes
/// nothing. Any standard setting wins: <c>urls</c> (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, <c>DOTNET_URLS</c>),
/// <c>http_ports</c> and <c>https_ports</c> (<c>ASPNETCORE_HTTP_PORTS</c>, which the official container images set,
/// and <c>ASPNETCORE_HTTPS_PORTS</c>) and <c>Kestrel:Endpoints</c>.
/// </summary>
public static class DefaultAddress
{
    public const string Loopback = "http://127.0.0.1:5000";

    public static void ApplyUnlessConfigured(WebApplicationBuilder builder)
    {
        if (!IsConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(Loopback);
        }
    }

    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
        || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any();
}
