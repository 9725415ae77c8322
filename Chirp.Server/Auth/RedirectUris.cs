namespace Chirp.Server.Auth;

/// <summary>
/// Which redirect URIs an app may register: http and https URLs with a host, custom app schemes
/// (<c>com.example.app:/callback</c>, <c>myapp://callback</c>) and the out-of-band URI. Schemes that run or embed
/// content in the browser (<c>javascript:</c>, <c>data:</c>...) or name local files are refused, since the consent
/// page redirects there, also on "Deny"; so are URIs with a fragment (RFC 6749 §3.1.2) or user info.
/// </summary>
public static class RedirectUris
{
    /// <summary>The most redirect URIs one app may register.</summary>
    public const int MaxCount = 16;

    /// <summary>The longest redirect URI.</summary>
    public const int MaxLength = 2000;

    private static readonly HashSet<string> RefusedSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "javascript", "data", "vbscript", "file", "blob", "about", "filesystem", "view-source", "jar", "ftp", "ws", "wss", "mailto", "tel",
    };

    /// <summary>Null when the URI may be registered, else why not.</summary>
    public static string? Problem(string uri)
    {
        if (uri == AppRegistry.OutOfBand)
        {
            return null;
        }

        if (uri.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || uri.Any(char.IsControl))
        {
            return "is not an absolute URI";
        }

        // It goes into a Location header as written, where only printable ASCII may stand: percent-encode the rest.
        if (uri.Any(c => c is < '!' or > '~'))
        {
            return "holds characters that are not printable ASCII (percent-encode them)";
        }

        if (RefusedSchemes.Contains(parsed.Scheme))
        {
            return $"uses the {parsed.Scheme}: scheme, which is not allowed";
        }

        if (parsed.Fragment.Length > 0 || uri.Contains('#'))
        {
            return "has a fragment";
        }

        if (parsed.UserInfo.Length > 0)
        {
            return "has user info";
        }

        return (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps) && parsed.Host.Length == 0
            ? "has no host"
            : null;
    }
}
