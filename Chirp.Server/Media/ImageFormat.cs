namespace Chirp.Server.Media;

/// <summary>The image formats the server accepts. <see cref="ImageFormats"/> gives their MIME types and file extensions.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
    Gif,
    WebP,
}
