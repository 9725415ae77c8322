using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>
/// The scheme and authority the client addressed (<c>http://host:port</c>), on which every URL in an answer is built.
/// The server's own address stands in when the request names none that makes a URL: an HTTP/1.0 request may come
/// without a Host header, and Kestrel lets through a Host whose port is out of range (<c>127.0.0.1:99999</c>).
/// </summary>
public static class RequestOrigin
{
    public static string Of(HttpContext context)
    {
        var request = context.Request;
        string addressed = $"{request.Scheme}://{request.Host}";
        if (request.Host.HasValue && Uri.TryCreate(addressed, UriKind.Absolute, out _))
        {
            return addressed;
        }

        var connection = context.Connection;
        string local = connection.LocalIpAddress is { } address
            ? new System.Net.IPEndPoint(address, connection.LocalPort).ToString()
            : "localhost";
        return $"{request.Scheme}://{local}";
    }

    public static MastodonUrls Urls(HttpContext context) => new(Of(context));
}
