namespace Chirp.Server.Media;

/// <summary>The MIME type and URL file extension of each accepted <see cref="ImageFormat"/>.</summary>
public static class ImageFormats
{
    public static string MimeTypeOf(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Gif => "image/gif",
        ImageFormat.WebP => "image/webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an accepted image format."),
    };

    public static string ExtensionOf(ImageFormat format) => format switch
    {
        ImageFormat.Png => "png",
        ImageFormat.Jpeg => "jpg",
        ImageFormat.Gif => "gif",
        ImageFormat.WebP => "webp",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an accepted image format."),
    };

    /// <summary>Whether a MIME type is one this server stores (what <see cref="FromMimeType"/> accepts).</summary>
    public static bool IsStoredMimeType(string? mimeType) => mimeType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";

    /// <summary>The format of a MIME type this server stored (see <see cref="MimeTypeOf"/>).</summary>
    public static ImageFormat FromMimeType(string mimeType) => mimeType switch
    {
        "image/png" => ImageFormat.Png,
        "image/jpeg" => ImageFormat.Jpeg,
        "image/gif" => ImageFormat.Gif,
        "image/webp" => ImageFormat.WebP,
        _ => throw new ArgumentOutOfRangeException(nameof(mimeType), mimeType, "Not the MIME type of an accepted image format."),
    };
}
