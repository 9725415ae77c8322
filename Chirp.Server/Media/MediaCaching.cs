using Microsoft.Net.Http.Headers;

namespace Chirp.Server.Media;

/// <summary>
/// HTTP caching of media content. Content is named by its hash and never changes under a URL, so the hash is a strong
/// ETag and a response may be cached for a year without revalidation.
/// </summary>
public static class MediaCaching
{
    /// <summary>The <c>Cache-Control</c> value for a content response.</summary>
    public const string CacheControl = "public, max-age=31536000, immutable";

    /// <summary>The strong ETag of content: its hash in quotes.</summary>
    public static string ETagOf(string contentHash) => "\"" + contentHash + "\"";

    public static string ETagOf(MediaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ETagOf(record.ContentHash);
    }

    /// <summary>The ETag as ASP.NET Core's header type, for <c>Results.File(..., entityTag: ...)</c>, which answers If-None-Match.</summary>
    public static EntityTagHeaderValue EntityTagOf(string contentHash) => new(ETagOf(contentHash), isWeak: false);
}
