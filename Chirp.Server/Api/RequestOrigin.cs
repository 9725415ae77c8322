using Chirp.Server.Hosting;
using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>
/// The origin every URL in an answer is built on (<c>http://host:port</c>): the server's <see cref="PublicOrigin"/>,
/// never the Host header the client sent.
/// </summary>
public static class RequestOrigin
{
    public static string Of(HttpContext context) => context.RequestServices.GetRequiredService<PublicOrigin>().Value;

    public static MastodonUrls Urls(HttpContext context) => new(Of(context));
}
