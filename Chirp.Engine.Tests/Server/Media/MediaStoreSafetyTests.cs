using System.Text;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Media;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>Images the store must not keep (too many pixels, HTML polyglots) and damaged files it must not serve or choke on.</summary>
public sealed class MediaStoreSafetyTests : IDisposable
{
    private readonly TempMediaDirectory _dir = new();
    private readonly LogCapture _log = new();
    private readonly ILoggerFactory _loggers;

    public MediaStoreSafetyTests() => _loggers = LoggerFactory.Create(builder => builder.AddProvider(_log));

    public void Dispose()
    {
        _loggers.Dispose();
        _dir.Dispose();
    }

    private MediaStore Open(MediaOptions? options = null) => MediaStore.Open(_dir.Path, options, logger: _loggers.CreateLogger<MediaStore>());

    private IEnumerable<CapturedLog> Errors => _log.Entries.Where(e => e.Level == LogLevel.Error);

    [Fact]
    public async Task An_image_header_declaring_100000_by_100000_pixels_is_refused_by_default()
    {
        using var store = Open();

        var error = await Assert.ThrowsAsync<MediaException>(() => store.UploadAsync(1, new MemoryStream(TestImages.PngDeclaring(100_000, 100_000))));

        Assert.Equal(("too_many_pixels", 422, "file"), (error.Code, error.HttpStatusCode, error.Field));
        Assert.Empty(_dir.Files("records"));
        Assert.Empty(_dir.Files("content"));
    }

    [Fact]
    public async Task The_pixel_limit_is_inclusive_and_configurable()
    {
        using var store = Open(new MediaOptions { MaxPixels = 100 });

        var atLimit = await store.UploadAsync(1, new MemoryStream(TestImages.Png(10, 10)));
        var error = await Assert.ThrowsAsync<MediaException>(() => store.UploadAsync(1, new MemoryStream(TestImages.Png(11, 10))));

        Assert.Equal(10, atLimit.Width);
        Assert.Equal(MediaErrorCode.TooManyPixels, error.ErrorCode);
    }

    [Theory]
    [InlineData("<html><body>hi</body></html>")]
    [InlineData("<SCRIPT>alert(1)</SCRIPT>")]
    [InlineData("x <!-- a comment -->")]
    [InlineData("<svg onload=alert(1)>")]
    public async Task An_image_that_starts_with_html_is_refused(string markup)
    {
        using var store = Open();
        byte[] polyglot = TestImages.PngWithChunk(4, 4, "tEXt", [.. "Comment\0"u8, .. Encoding.ASCII.GetBytes(markup)]);

        var error = await Assert.ThrowsAsync<MediaException>(() => store.UploadAsync(1, new MemoryStream(polyglot)));

        Assert.Equal(("active_content", 422, "file"), (error.Code, error.HttpStatusCode, error.Field));
    }

    [Fact]
    public async Task Text_that_is_not_html_in_an_image_is_kept()
    {
        using var store = Open();
        byte[] image = TestImages.PngWithChunk(4, 4, "tEXt", [.. "Comment\0"u8, .. "a < b and <html-ish> words, <scripted>"u8]);

        var record = await store.UploadAsync(1, new MemoryStream(image));

        Assert.Equal(4, record.Width);
    }

    [Fact]
    public async Task A_damaged_content_file_is_not_served_but_quarantined_and_logged()
    {
        using var store = Open();
        var record = await store.UploadAsync(1, new MemoryStream(TestImages.Png(6, 6)));
        string file = Assert.Single(_dir.Files("content"));
        byte[] bytes = await File.ReadAllBytesAsync(file);
        bytes[^20] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        Assert.Null(store.OpenContent(record.ContentHash));

        Assert.Empty(_dir.Files("content"));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(Assert.Single(_dir.Files("quarantine"))));
        var error = Assert.Single(Errors);
        Assert.Equal(record.ContentHash, error.Values["ContentHash"]);
        Assert.NotNull(store.Get(record.Id));
    }

    [Fact]
    public async Task A_missing_content_file_answers_null_and_is_logged_once()
    {
        using var store = Open();
        var record = await store.UploadAsync(1, new MemoryStream(TestImages.Png(6, 6)));
        File.Delete(Assert.Single(_dir.Files("content")));

        Assert.Null(store.OpenContent(record.ContentHash));
        Assert.Null(store.OpenContent(record.ContentHash));

        Assert.Contains("missing", Assert.Single(Errors).Message);
    }

    [Fact]
    public async Task Intact_content_is_served_again_and_again()
    {
        using var store = Open();
        byte[] png = TestImages.Png(6, 6);
        var record = await store.UploadAsync(1, new MemoryStream(png));

        for (int i = 0; i < 3; i++)
        {
            using var content = store.OpenContent(record.ContentHash);
            using var copy = new MemoryStream();
            content!.Stream.CopyTo(copy);
            Assert.Equal(png, copy.ToArray());
        }

        Assert.Empty(Errors);
    }

    [Fact]
    public async Task A_corrupt_record_is_quarantined_at_open_and_the_other_records_load()
    {
        MediaRecord good, bad;
        using (var store = Open())
        {
            good = await store.UploadAsync(1, new MemoryStream(TestImages.Png(2, 2)));
            bad = await store.UploadAsync(1, new MemoryStream(TestImages.Png(3, 3)));
        }

        string badFile = Assert.Single(_dir.Files("records"), f => Path.GetFileName(f) == $"{bad.Id}.json");
        await File.WriteAllTextAsync(badFile, "{\"id\": 12, \"contentHash\": tru");

        using var reopened = Open();

        Assert.NotNull(reopened.Get(good.Id));
        Assert.Null(reopened.Get(bad.Id));
        Assert.Single(_dir.Files("records"));
        Assert.Contains($"{bad.Id}.json", Path.GetFileName(Assert.Single(_dir.Files(Path.Combine("quarantine", "records")))));
        Assert.Contains(badFile, (string)Assert.Single(Errors).Values["Path"]!);
    }

    [Fact]
    public async Task A_corrupt_attach_journal_entry_is_quarantined_at_open()
    {
        MediaRecord record;
        using (var store = Open())
        {
            record = await store.UploadAsync(1, new MemoryStream(TestImages.Png(2, 2)));
        }

        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "journal", "attach-5-0.json"), "not json");

        using var reopened = Open();

        Assert.NotNull(reopened.Get(record.Id));
        Assert.Single(_dir.Files(Path.Combine("quarantine", "journal")));
        Assert.Single(Errors);
    }
}
