namespace Chirp.Server.Media;

/// <summary>What <see cref="ImageProbe"/> read from an image's bytes.</summary>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height)
{
    public string MimeType => ImageFormats.MimeTypeOf(Format);
}
