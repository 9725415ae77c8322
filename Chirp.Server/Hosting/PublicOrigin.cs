using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Hosting;

/// <summary>
/// The origin (<c>https://chirp.example</c>) on which every URL given to clients is built: <c>Chirp:PublicOrigin</c>,
/// or when unset the first address the server listens on (a wildcard host read as <c>localhost</c>). Never the
/// request's Host header, which the client chooses.
/// </summary>
public sealed class PublicOrigin(IOptions<ServerOptions> options, IServer server)
{
    private readonly Lazy<string> _value = new(() => Resolve(options.Value.PublicOrigin, server));

    /// <summary>Scheme, host and port when not the default; no trailing '/'.</summary>
    public string Value => _value.Value;

    /// <summary>The configured origin's host, when one is configured.</summary>
    public static string? ConfiguredHost(ServerOptions options) =>
        string.IsNullOrEmpty(options.PublicOrigin) ? null : new Uri(options.PublicOrigin).IdnHost;

    private static string Resolve(string? configured, IServer server)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return new Uri(configured).GetLeftPart(UriPartial.Authority);
        }

        // Read on the first request, once the server has bound its addresses (port 0 resolved to the real one).
        string? address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (address is null)
        {
            return "http://localhost";
        }

        var parsed = BindingAddress.Parse(address);
        string host = parsed.Host is "+" or "*" or "0.0.0.0" or "[::]" or "::" ? "localhost" : parsed.Host;
        var origin = new UriBuilder(parsed.Scheme, host, parsed.Port);
        return origin.Uri.GetLeftPart(UriPartial.Authority);
    }
}
