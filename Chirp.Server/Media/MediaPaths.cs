namespace Chirp.Server.Media;

/// <summary>The stable URL path content is served at: <c>/media/{hash}.{ext}</c>, the extension following the MIME type.</summary>
public static class MediaPaths
{
    public const string Prefix = "/media/";

    /// <summary>The URL path (relative to the server's origin) of a record's content, for example <c>/media/3a…9f.png</c>.</summary>
    public static string UrlPathOf(MediaRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UrlPathOf(record.ContentHash, record.MimeType);
    }

    public static string UrlPathOf(string contentHash, string mimeType) =>
        Prefix + contentHash + "." + ImageFormats.ExtensionOf(ImageFormats.FromMimeType(mimeType));

    /// <summary>
    /// Splits the last URL segment (<c>{hash}.{ext}</c>) into a well-formed content hash and its extension. The caller
    /// checks the extension against <see cref="MediaContent.MimeType"/> so one content has exactly one URL.
    /// </summary>
    public static bool TryParseFileName(string? fileName, out string contentHash, out string extension)
    {
        contentHash = "";
        extension = "";
        int dot = fileName?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot != ContentHash.Length || dot == fileName!.Length - 1 || !ContentHash.IsValid(fileName[..dot]))
        {
            return false;
        }

        contentHash = fileName[..dot];
        extension = fileName[(dot + 1)..];
        return true;
    }
}
