using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>
/// Small but complete, decodable images of any size, built in code so the repository holds no binary files. Each was
/// checked once with a real decoder (libpng via ImageMagick, djpeg, dwebp).
/// </summary>
internal static class TestImages
{
    /// <summary>A grey 8-bit PNG.</summary>
    public static byte[] Png(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        byte[] header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type, compression, filter and interlace stay 0 (greyscale, the defaults)
        WritePngChunk(png, "IHDR", header);

        // Each row: filter type 0, then one zero byte per pixel.
        byte[] rows = new byte[height * (width + 1)];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(rows);
        }

        WritePngChunk(png, "IDAT", compressed.ToArray());
        WritePngChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// A PNG whose header declares <paramref name="width"/> x <paramref name="height"/> over one row of pixels: small on
    /// the wire, huge once decoded. Only a decoder would notice the missing rows; a header reader does not.
    /// </summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        byte[] small = Png(1, 1);
        byte[] declared = [.. small];
        BinaryPrimitives.WriteInt32BigEndian(declared.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(declared.AsSpan(20), height);
        // The header chunk's CRC covers its type and data (bytes 12 to 28).
        BinaryPrimitives.WriteUInt32BigEndian(declared.AsSpan(29), Crc32.HashToUInt32(declared.AsSpan(12, 17)));
        return declared;
    }

    /// <summary>A grey PNG with one more chunk right after its header, for example a <c>tEXt</c> chunk holding HTML (a polyglot).</summary>
    public static byte[] PngWithChunk(int width, int height, string type, byte[] data)
    {
        byte[] plain = Png(width, height);
        const int AfterHeader = 8 + 25;
        using var png = new MemoryStream();
        png.Write(plain.AsSpan(0, AfterHeader));
        WritePngChunk(png, type, data);
        png.Write(plain.AsSpan(AfterHeader));
        return png.ToArray();
    }

    /// <summary>A GIF89a with a <paramref name="width"/> x <paramref name="height"/> screen and one white 1x1 frame.</summary>
    public static byte[] Gif(int width, int height)
    {
        using var gif = new MemoryStream();
        gif.Write(Encoding.ASCII.GetBytes("GIF89a"));
        WriteUInt16LittleEndian(gif, width);
        WriteUInt16LittleEndian(gif, height);
        gif.Write([0x80, 0x00, 0x00]);                  // a global colour table of 2 entries
        gif.Write([0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00]); // white, black
        gif.Write([0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);    // image descriptor: 1x1 at (0, 0)
        // LZW, minimum code size 2: the codes clear (4), 0 (white), end (5) in 3 bits each.
        byte[] lzw = new LsbBitWriter().Write(4, 3).Write(0, 3).Write(5, 3).ToArray();
        gif.WriteByte(2);
        gif.WriteByte((byte)lzw.Length);
        gif.Write(lzw);
        gif.WriteByte(0);    // end of the image's data blocks
        gif.WriteByte(0x3B); // trailer
        return gif.ToArray();
    }

    /// <summary>
    /// A grey baseline JPEG: one component, every 8x8 block coded as "DC difference 0, end of block" with one-code
    /// Huffman tables. <paramref name="appPayload"/>, if given, goes into an APP15 segment before the frame.
    /// </summary>
    public static byte[] Jpeg(int width, int height, byte[]? appPayload = null)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        if (appPayload is not null)
        {
            WriteJpegSegment(jpeg, 0xEF, appPayload);
        }

        WriteJpegSegment(jpeg, 0xDB, [0x00, .. Enumerable.Repeat((byte)1, 64)]); // quantisation table 0, all ones
        byte[] frame = [8, 0, 0, 0, 0, 1, 1, 0x11, 0]; // precision, height, width, one component (id 1, 1x1, table 0)
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        WriteJpegSegment(jpeg, 0xC0, frame);
        byte[] oneCodeOfLength1 = [1, .. new byte[15], 0]; // 16 code counts, then the one symbol: 0
        WriteJpegSegment(jpeg, 0xC4, [0x00, .. oneCodeOfLength1]); // DC table 0: category 0
        WriteJpegSegment(jpeg, 0xC4, [0x10, .. oneCodeOfLength1]); // AC table 0: end of block
        WriteJpegSegment(jpeg, 0xDA, [1, 1, 0x00, 0, 63, 0]);

        // Two 0 bits per block, padded with 1 bits to a whole byte.
        int blocks = ((width + 7) / 8) * ((height + 7) / 8);
        int bits = blocks * 2;
        var scan = new byte[(bits + 7) / 8];
        if (bits % 8 != 0)
        {
            scan[^1] = (byte)((1 << (8 - (bits % 8))) - 1);
        }

        jpeg.Write(scan);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>
    /// A lossless WebP (VP8L): every prefix code has a single symbol, so each pixel (opaque black) takes no bits at all.
    /// </summary>
    public static byte[] WebP(int width, int height)
    {
        var bits = new LsbBitWriter()
            .Write((uint)(width - 1), 14)
            .Write((uint)(height - 1), 14)
            .Write(0, 1)  // alpha is not used
            .Write(0, 3)  // version 0
            .Write(0, 1)  // no transform
            .Write(0, 1)  // no colour cache
            .Write(0, 1); // no meta prefix codes
        foreach (uint symbol in new uint[] { 0, 0, 0, 255, 0 }) // green, red, blue, alpha, distance
        {
            bits.Write(1, 1).Write(0, 1); // a simple code with one symbol
            if (symbol < 2)
            {
                bits.Write(0, 1).Write(symbol, 1);
            }
            else
            {
                bits.Write(1, 1).Write(symbol, 8);
            }
        }

        byte[] payload = [0x2F, .. bits.ToArray()];
        using var webp = new MemoryStream();
        webp.Write(Encoding.ASCII.GetBytes("RIFF"));
        WriteUInt32LittleEndian(webp, 4 + 8 + payload.Length + (payload.Length % 2));
        webp.Write(Encoding.ASCII.GetBytes("WEBPVP8L"));
        WriteUInt32LittleEndian(webp, payload.Length);
        webp.Write(payload);
        if (payload.Length % 2 == 1)
        {
            webp.WriteByte(0);
        }

        return webp.ToArray();
    }

    private static void WritePngChunk(Stream png, string type, byte[] data)
    {
        byte[] length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        byte[] typeAndData = [.. Encoding.ASCII.GetBytes(type), .. data];
        png.Write(typeAndData);
        byte[] crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.HashToUInt32(typeAndData));
        png.Write(crc);
    }

    private static void WriteJpegSegment(Stream jpeg, byte marker, byte[] data)
    {
        jpeg.Write([0xFF, marker]);
        jpeg.Write([(byte)((data.Length + 2) >> 8), (byte)(data.Length + 2)]);
        jpeg.Write(data);
    }

    private static void WriteUInt16LittleEndian(Stream stream, int value) => stream.Write([(byte)value, (byte)(value >> 8)]);

    private static void WriteUInt32LittleEndian(Stream stream, int value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }
}
