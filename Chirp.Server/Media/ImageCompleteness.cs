using MetadataExtractor.Formats.Jpeg;
using MetadataExtractor.IO;

namespace Chirp.Server.Media;

/// <summary>
/// Checks that an image is not cut short. MetadataExtractor reads headers only, so a file truncated in its pixel data
/// would pass it; each format's end marker (or declared length) shows whether the whole file arrived.
/// </summary>
internal static class ImageCompleteness
{
    // The IEND chunk: zero length, type "IEND", and its fixed CRC.
    private static readonly byte[] PngEnd = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
    private const byte GifTrailer = 0x3B;
    private const int RiffHeaderLength = 8;

    /// <summary>Whether the image, read from the stream's start, reaches its proper end.</summary>
    public static bool IsComplete(ImageFormat format, Stream content) => format switch
    {
        ImageFormat.Png => EndsWith(content, PngEnd),
        ImageFormat.Gif => EndsWith(content, [GifTrailer]),
        ImageFormat.WebP => RiffFits(content),
        _ => JpegHasEndAfterScan(content),
    };

    private static bool EndsWith(Stream content, byte[] suffix)
    {
        if (content.Length < suffix.Length)
        {
            return false;
        }

        content.Position = content.Length - suffix.Length;
        Span<byte> tail = stackalloc byte[suffix.Length];
        content.ReadExactly(tail);
        return tail.SequenceEqual(suffix);
    }

    // "RIFF", a little-endian length of what follows, then "WEBP" and the chunks: a cut file is shorter than it says.
    private static bool RiffFits(Stream content)
    {
        if (content.Length < RiffHeaderLength + 4)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[RiffHeaderLength];
        content.ReadExactly(header);
        uint declared = BitConverter.ToUInt32(header[4..]);
        return declared >= 4 && RiffHeaderLength + (long)declared <= content.Length;
    }

    // MetadataExtractor walks the segments up to the start of scan (skipping embedded thumbnails, which have their own
    // end markers); the entropy-coded data after it never holds FF D9, so that pair there is the image's end.
    private static bool JpegHasEndAfterScan(Stream content)
    {
        var reader = new SequentialStreamReader(content);
        _ = JpegSegmentReader.ReadSegments(reader, []).Count();

        content.Position = reader.Position;
        return Contains(content, 0xFF, 0xD9);
    }

    private static bool Contains(Stream content, byte first, byte second)
    {
        byte[] buffer = new byte[64 * 1024];
        bool previousWasFirst = false;
        int read;
        while ((read = content.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            if (previousWasFirst && span[0] == second)
            {
                return true;
            }

            if (span.IndexOf([first, second]) >= 0)
            {
                return true;
            }

            previousWasFirst = span[^1] == first;
        }

        return false;
    }
}
