using System.Runtime.InteropServices;
using MetadataExtractor;
using MetadataExtractor.Formats.Gif;
using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.Formats.Png;
using MetadataExtractor.Formats.WebP;
using MetadataExtractor.Util;

namespace Chirp.Server.Media;

/// <summary>
/// Tells an uploaded image's real format and size from its bytes alone: a client's content type and file name are never
/// asked. Accepts PNG, JPEG, GIF and WebP; anything else, and any truncated or corrupt image, is a <see cref="MediaException"/>.
/// </summary>
public static class ImageProbe
{
    /// <exception cref="MediaException"><c>unsupported_media_type</c> or <c>invalid_image</c>.</exception>
    public static ImageInfo Probe(ReadOnlyMemory<byte> content)
    {
        // A MemoryStream over the caller's array when there is one: no copy.
        using var stream = MemoryMarshal.TryGetArray(content, out ArraySegment<byte> array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return Probe(stream);
    }

    /// <summary>
    /// Probes a stream from its start. A seekable stream is read in place (only headers and the end are read); any other
    /// stream is first copied into memory, so bound its length before calling.
    /// </summary>
    /// <exception cref="MediaException"><c>unsupported_media_type</c> or <c>invalid_image</c>.</exception>
    public static ImageInfo Probe(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            using var copy = new MemoryStream();
            content.CopyTo(copy);
            return Probe(copy);
        }

        ImageFormat format = DetectFormat(content);
        try
        {
            content.Position = 0;
            if (!ImageCompleteness.IsComplete(format, content))
            {
                throw Invalid(format, "it is truncated (the bytes end before the image does)");
            }

            content.Position = 0;
            (int width, int height) = ReadSize(format, content);
            if (width <= 0 || height <= 0)
            {
                throw Invalid(format, $"its dimensions ({width}x{height}) are not positive");
            }

            return new ImageInfo(format, width, height);
        }
        catch (Exception ex) when (ex is not MediaException and not OutOfMemoryException)
        {
            // The parser met bytes it could not read (its own exceptions, end of stream, bad offsets): the image is broken.
            throw new MediaException(MediaErrorCode.InvalidImage, $"The {format} image could not be read: {ex.Message}", innerException: ex);
        }
    }

    private static ImageFormat DetectFormat(Stream content)
    {
        FileType type;
        try
        {
            content.Position = 0;
            type = FileTypeDetector.DetectFileType(content);
        }
        catch (IOException)
        {
            // Too short to hold any known signature.
            type = FileType.Unknown;
        }

        return type switch
        {
            FileType.Png => ImageFormat.Png,
            FileType.Jpeg => ImageFormat.Jpeg,
            FileType.Gif => ImageFormat.Gif,
            FileType.WebP => ImageFormat.WebP,
            _ => throw new MediaException(
                MediaErrorCode.UnsupportedMediaType,
                type == FileType.Unknown
                    ? "The content is not a PNG, JPEG, GIF or WebP image."
                    : $"{type.GetLongName()} files are not accepted; upload a PNG, JPEG, GIF or WebP image."),
        };
    }

    private static (int Width, int Height) ReadSize(ImageFormat format, Stream content)
    {
        var size = format switch
        {
            ImageFormat.Png => SizeIn<PngDirectory>(
                PngMetadataReader.ReadMetadata(content), PngDirectory.TagImageWidth, PngDirectory.TagImageHeight,
                d => d.GetPngChunkType() == PngChunkType.IHDR),
            ImageFormat.Jpeg => SizeIn<JpegDirectory>(
                JpegMetadataReader.ReadMetadata(content), JpegDirectory.TagImageWidth, JpegDirectory.TagImageHeight),
            ImageFormat.Gif => SizeIn<GifHeaderDirectory>(
                GifMetadataReader.ReadMetadata(content), GifHeaderDirectory.TagImageWidth, GifHeaderDirectory.TagImageHeight),
            _ => SizeIn<WebPDirectory>(
                WebPMetadataReader.ReadMetadata(content), WebPDirectory.TagImageWidth, WebPDirectory.TagImageHeight),
        };
        return size ?? throw Invalid(format, "it has no readable dimensions");
    }

    private static (int Width, int Height)? SizeIn<TDirectory>(
        IReadOnlyList<MetadataExtractor.Directory> directories, int widthTag, int heightTag, Func<TDirectory, bool>? which = null)
        where TDirectory : MetadataExtractor.Directory
    {
        foreach (var directory in directories.OfType<TDirectory>())
        {
            if ((which is null || which(directory))
                && directory.TryGetInt32(widthTag, out int width)
                && directory.TryGetInt32(heightTag, out int height))
            {
                return (width, height);
            }
        }

        return null;
    }

    private static MediaException Invalid(ImageFormat format, string why) =>
        new(MediaErrorCode.InvalidImage, $"The {format} image is not valid: {why}.");
}
