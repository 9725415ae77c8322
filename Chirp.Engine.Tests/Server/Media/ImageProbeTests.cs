using System.Text;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class ImageProbeTests
{
    public static TheoryData<ImageFormat, int, int> FormatsAndSizes()
    {
        var data = new TheoryData<ImageFormat, int, int>();
        foreach (var format in Enum.GetValues<ImageFormat>())
        {
            data.Add(format, 1, 1);
            data.Add(format, 3, 2);
            data.Add(format, 17, 9);
        }

        return data;
    }

    internal static byte[] Image(ImageFormat format, int width = 3, int height = 2) => format switch
    {
        ImageFormat.Png => TestImages.Png(width, height),
        ImageFormat.Jpeg => TestImages.Jpeg(width, height),
        ImageFormat.Gif => TestImages.Gif(width, height),
        _ => TestImages.WebP(width, height),
    };

    [Theory]
    [MemberData(nameof(FormatsAndSizes))]
    public void Format_and_size_are_read_from_the_bytes(ImageFormat format, int width, int height)
    {
        var info = ImageProbe.Probe(Image(format, width, height));

        Assert.Equal(new ImageInfo(format, width, height), info);
        Assert.Equal(ImageFormats.MimeTypeOf(format), info.MimeType);
    }

    [Fact]
    public void Streams_are_probed_from_their_start_seekable_or_not()
    {
        byte[] png = TestImages.Png(5, 4);
        using var seekable = new MemoryStream(png) { Position = 10 };
        using var forwardOnly = new ForwardOnlyStream(png);

        Assert.Equal(new ImageInfo(ImageFormat.Png, 5, 4), ImageProbe.Probe(seekable));
        Assert.Equal(new ImageInfo(ImageFormat.Png, 5, 4), ImageProbe.Probe(forwardOnly));
    }

    [Fact]
    public void A_slice_of_a_larger_buffer_is_probed_as_itself()
    {
        byte[] gif = TestImages.Gif(7, 3);
        byte[] buffer = [.. "junk"u8, .. gif, .. "more junk"u8];

        Assert.Equal(new ImageInfo(ImageFormat.Gif, 7, 3), ImageProbe.Probe(buffer.AsMemory(4, gif.Length)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello, this is a text file and not a picture")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>")]
    [InlineData("%PDF-1.7\n")]
    [InlineData("BM")]
    public void Anything_but_the_four_formats_is_an_unsupported_media_type(string text)
    {
        var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(Encoding.UTF8.GetBytes(text)));

        Assert.Equal(MediaErrorCode.UnsupportedMediaType, error.ErrorCode);
        Assert.Equal("unsupported_media_type", error.Code);
        Assert.Equal(415, error.HttpStatusCode);
    }

    [Fact]
    public void Known_but_unaccepted_formats_are_named_in_the_refusal()
    {
        // A BMP header: the detector knows it, the server does not take it.
        byte[] bmp = [(byte)'B', (byte)'M', .. new byte[60]];

        var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(bmp));

        Assert.Equal(MediaErrorCode.UnsupportedMediaType, error.ErrorCode);
        Assert.Contains("not accepted", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ImageFormat.Png, 16)]  // the 8-byte signature and the IHDR chunk's length and type
    [InlineData(ImageFormat.Jpeg, 2)]  // FF D8
    [InlineData(ImageFormat.Gif, 6)]   // GIF89a
    [InlineData(ImageFormat.WebP, 12)] // RIFF, the length, WEBP
    public void Every_truncation_is_refused_and_past_the_signature_as_an_invalid_image(ImageFormat format, int signatureLength)
    {
        byte[] image = Image(format, 33, 21);

        // Cut anywhere: never accepted, and never anything but a MediaException.
        for (int length = 0; length < image.Length; length++)
        {
            var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(image.AsMemory(0, length)));
            Assert.Equal(length < signatureLength ? MediaErrorCode.UnsupportedMediaType : MediaErrorCode.InvalidImage, error.ErrorCode);
        }
    }

    [Fact]
    public void A_jpeg_cut_in_its_scan_is_invalid_even_when_an_earlier_segment_holds_an_end_marker()
    {
        // An embedded thumbnail (here, any APP segment) has its own FF D9; only one after the start of scan counts.
        byte[] jpeg = TestImages.Jpeg(64, 64, appPayload: [0xFF, 0xD8, 0x00, 0xFF, 0xD9]);
        Assert.Equal(new ImageInfo(ImageFormat.Jpeg, 64, 64), ImageProbe.Probe(jpeg));

        var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(jpeg.AsMemory(0, jpeg.Length - 2)));

        Assert.Equal(MediaErrorCode.InvalidImage, error.ErrorCode);
    }

    [Theory]
    [InlineData(ImageFormat.Png, 0, 5)]
    [InlineData(ImageFormat.Png, 5, 0)]
    [InlineData(ImageFormat.Gif, 0, 0)]
    [InlineData(ImageFormat.Jpeg, 4, 0)]
    public void Zero_dimensions_are_an_invalid_image(ImageFormat format, int width, int height)
    {
        var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(Image(format, width, height)));

        Assert.Equal(MediaErrorCode.InvalidImage, error.ErrorCode);
        Assert.Equal("invalid_image", error.Code);
    }

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Gif)]
    [InlineData(ImageFormat.WebP)]
    public void Corrupted_bytes_give_an_answer_or_a_media_exception_never_another_exception(ImageFormat format)
    {
        byte[] original = Image(format, 40, 30);
        var random = new Random(1234 + (int)format);
        for (int round = 0; round < 500; round++)
        {
            byte[] corrupt = [.. original];
            int flips = random.Next(1, 4);
            for (int i = 0; i < flips; i++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            try
            {
                var info = ImageProbe.Probe(corrupt);
                Assert.True(info.Width > 0 && info.Height > 0);
            }
            catch (MediaException)
            {
            }
        }
    }

    [Theory]
    [InlineData(ImageFormat.Png, 16)]
    [InlineData(ImageFormat.Gif, 6)]
    [InlineData(ImageFormat.WebP, 12)]
    public void A_signature_followed_by_garbage_is_an_invalid_image(ImageFormat format, int signatureLength)
    {
        byte[] garbage = [.. Image(format).AsSpan(0, signatureLength), .. "garbage that is not an image at all"u8];

        var error = Assert.Throws<MediaException>(() => ImageProbe.Probe(garbage));

        Assert.Equal(MediaErrorCode.InvalidImage, error.ErrorCode);
    }

    /// <summary>A stream that cannot seek, like a request body.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
