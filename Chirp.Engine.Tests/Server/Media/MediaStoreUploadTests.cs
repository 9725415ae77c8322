using System.Security.Cryptography;
using System.Text;
using Chirp.Engine.Tests.Support;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class MediaStoreUploadTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempMediaDirectory _dir = new();
    private readonly ManualClock _clock = new(Start);
    private readonly MediaStore _store;

    public MediaStoreUploadTests() => _store = MediaStore.Open(_dir.Path, clock: _clock);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(ImageFormat.Png)]
    [InlineData(ImageFormat.Jpeg)]
    [InlineData(ImageFormat.Gif)]
    [InlineData(ImageFormat.WebP)]
    public async Task An_upload_is_stored_under_its_hash_with_type_and_size_from_the_bytes(ImageFormat format)
    {
        byte[] image = ImageProbeTests.Image(format, 12, 7);
        string hash = Convert.ToHexStringLower(SHA256.HashData(image));

        var record = await _store.UploadAsync(ownerId: 42, new MemoryStream(image), "a small test image");

        Assert.Equal(42, record.OwnerId);
        Assert.Equal(hash, record.ContentHash);
        Assert.Equal(ImageFormats.MimeTypeOf(format), record.MimeType);
        Assert.Equal(image.Length, record.ByteSize);
        Assert.Equal((12, 7), (record.Width, record.Height));
        Assert.Equal("a small test image", record.Description);
        Assert.Equal(Start, record.CreatedAt);
        Assert.Null(record.AttachedStatusId);
        Assert.Equal(record, _store.Get(record.Id));
        Assert.Equal(image, File.ReadAllBytes(Path.Combine(_dir.Path, "content", hash[..2], hash)));

        using var content = _store.OpenContent(hash);
        Assert.NotNull(content);
        Assert.Equal(record.MimeType, content.MimeType);
        Assert.Equal(image.Length, content.Length);
        using var read = new MemoryStream();
        await content.Stream.CopyToAsync(read);
        Assert.Equal(image, read.ToArray());
    }

    [Fact]
    public async Task Ids_grow_with_time_and_print_as_decimal_digits()
    {
        var ids = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await _store.UploadAsync(1, new MemoryStream(TestImages.Png(i + 1, 1)))).Id);
            if (i == 2)
            {
                _clock.Now += TimeSpan.FromMilliseconds(5);
            }
        }

        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9]+$", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(Start + TimeSpan.FromMilliseconds(5), SnowflakeId.TimeOf(ids[^1]));
    }

    [Fact]
    public async Task Identical_content_is_stored_once_with_a_record_per_upload()
    {
        byte[] image = TestImages.Jpeg(16, 16);

        var first = await _store.UploadAsync(1, new MemoryStream(image));
        var second = await _store.UploadAsync(2, new MemoryStream(image), "same bytes, other user");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Single(_dir.Files("content"));
        Assert.Empty(_dir.Files("tmp"));
    }

    [Fact]
    public async Task Text_is_refused_whatever_it_is_called_and_nothing_is_left_behind()
    {
        // The store is never told a file name or content type: only the bytes count.
        var error = await Assert.ThrowsAsync<MediaException>(
            () => _store.UploadAsync(1, new MemoryStream(Encoding.UTF8.GetBytes("GIF? no, just text"))));

        Assert.Equal(MediaErrorCode.UnsupportedMediaType, error.ErrorCode);
        Assert.Empty(_dir.Files("content"));
        Assert.Empty(_dir.Files("records"));
        Assert.Empty(_dir.Files("tmp"));
    }

    [Fact]
    public async Task A_truncated_image_is_refused()
    {
        byte[] png = TestImages.Png(20, 20);

        var error = await Assert.ThrowsAsync<MediaException>(() => _store.UploadAsync(1, new MemoryStream(png[..^5])));

        Assert.Equal(MediaErrorCode.InvalidImage, error.ErrorCode);
        Assert.Empty(_dir.Files("content"));
    }

    [Fact]
    public async Task An_upload_over_the_limit_is_too_large_and_the_stream_is_read_no_further_than_the_limit()
    {
        using var dir = new TempMediaDirectory();
        using var store = MediaStore.Open(dir.Path, new MediaOptions { MaxBytes = 100_000 });
        var endless = new EndlessStream();

        var error = await Assert.ThrowsAsync<MediaException>(() => store.UploadAsync(1, endless));

        Assert.Equal(MediaErrorCode.TooLarge, error.ErrorCode);
        Assert.Equal("too_large", error.Code);
        Assert.Equal(413, error.HttpStatusCode);
        Assert.InRange(endless.BytesRead, 100_001, 100_000 + (64 * 1024));
        Assert.Empty(dir.Files("tmp"));
        Assert.Empty(dir.Files("content"));
    }

    [Fact]
    public async Task An_upload_of_exactly_the_limit_is_accepted()
    {
        byte[] image = TestImages.Png(4, 4);
        using var dir = new TempMediaDirectory();
        using var store = MediaStore.Open(dir.Path, new MediaOptions { MaxBytes = image.Length });

        var record = await store.UploadAsync(1, new MemoryStream(image));
        var error = await Assert.ThrowsAsync<MediaException>(() => store.UploadAsync(1, new MemoryStream(TestImages.Png(40, 40))));

        Assert.Equal(image.Length, record.ByteSize);
        Assert.Equal(MediaErrorCode.TooLarge, error.ErrorCode);
    }

    [Fact]
    public async Task Descriptions_are_limited_to_1500_characters_counted_as_code_points()
    {
        string emoji = string.Concat(Enumerable.Repeat("🐦", MediaOptions.MaxDescriptionLength)); // 3,000 UTF-16 units

        var record = await _store.UploadAsync(1, new MemoryStream(TestImages.Png(1, 1)), emoji);
        var error = await Assert.ThrowsAsync<MediaException>(
            () => _store.UploadAsync(1, new MemoryStream(TestImages.Png(1, 1)), emoji + "x"));

        Assert.Equal(emoji, record.Description);
        Assert.Equal(MediaErrorCode.Validation, error.ErrorCode);
        Assert.Equal("description", error.Field);
        Assert.Single(_dir.Files("records"));
    }

    [Fact]
    public async Task A_blank_description_is_no_description()
    {
        var record = await _store.UploadAsync(1, new MemoryStream(TestImages.Png(1, 1)), "   ");

        Assert.Null(record.Description);
    }

    [Fact]
    public void Content_is_opened_only_by_a_well_formed_hash_that_a_record_uses()
    {
        Assert.Null(_store.OpenContent("../../../../etc/passwd"));
        Assert.Null(_store.OpenContent(new string('A', 64)));
        Assert.Null(_store.OpenContent(new string('a', 64)));
    }

    [Fact]
    public async Task Get_of_an_unknown_id_is_null()
    {
        var record = await _store.UploadAsync(1, new MemoryStream(TestImages.Gif(2, 2)));

        Assert.Null(_store.Get(record.Id + 1));
    }

    /// <summary>An upload that never ends, counting what was read from it.</summary>
    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill(0x89);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
