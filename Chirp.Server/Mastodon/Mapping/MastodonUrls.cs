namespace Chirp.Server.Mastodon;

/// <summary>
/// The public URLs the entities point at, all absolute and built on the server's public base URL
/// (for example <c>http://127.0.0.1:5000</c>); the server is expected to serve the default images named here.
/// </summary>
public sealed class MastodonUrls
{
    /// <summary>Checks and keeps a base URL: absolute http or https, no query or fragment; a trailing '/' is dropped.</summary>
    public MastodonUrls(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ArgumentException($"'{baseUrl}' is not an absolute http(s) URL without query or fragment.", nameof(baseUrl));
        }

        BaseUrl = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        Domain = uri.Authority;
        StreamingApi = (uri.Scheme == Uri.UriSchemeHttps ? "wss://" : "ws://") + uri.Authority;
    }

    /// <summary>The base URL, without a trailing '/'.</summary>
    public string BaseUrl { get; }

    /// <summary>Host and, when not the default, port: what Mastodon calls the instance's domain.</summary>
    public string Domain { get; }

    /// <summary>The WebSocket origin that instance metadata names for streaming (clients need a non-null one).</summary>
    public string StreamingApi { get; }

    /// <summary>The image shown for every avatar (Chirp has no avatar uploads).</summary>
    public string DefaultAvatar => $"{BaseUrl}/avatars/original/missing.png";

    /// <summary>The image shown for every profile header.</summary>
    public string DefaultHeader => $"{BaseUrl}/headers/original/missing.png";

    /// <summary>An account's profile page, <c>{base}/@{username}</c>.</summary>
    public string Account(string username) => $"{BaseUrl}/@{username}";

    /// <summary>A status's page, <c>{base}/@{username}/{id}</c>; also used as its uri.</summary>
    public string Status(string username, long id) => $"{BaseUrl}/@{username}/{MastodonId.Format(id)}";

    /// <summary>A hashtag's page, <c>{base}/tags/{name}</c>, the name percent-encoded.</summary>
    public string Tag(string name) => $"{BaseUrl}/tags/{Uri.EscapeDataString(name)}";
}
