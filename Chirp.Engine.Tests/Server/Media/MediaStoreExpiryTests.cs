using Chirp.Engine.Tests.Support;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class MediaStoreExpiryTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempMediaDirectory _dir = new();
    private readonly ManualClock _clock = new(Start);
    private readonly MediaStore _store;

    public MediaStoreExpiryTests() => _store = MediaStore.Open(_dir.Path, clock: _clock);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private async Task<MediaRecord> UploadAsync(byte[] image) => await _store.UploadAsync(1, new MemoryStream(image));

    [Fact]
    public async Task Only_old_unattached_uploads_expire_and_only_content_no_record_uses_is_deleted()
    {
        byte[] shared = TestImages.Png(5, 5);
        byte[] alone = TestImages.Gif(5, 5);
        var oldUnattachedShared = await UploadAsync(shared);
        var oldAttachedShared = await UploadAsync(shared);
        var oldUnattachedAlone = await UploadAsync(alone);
        var oldAttached = await UploadAsync(TestImages.Jpeg(5, 5));
        _store.MarkAttached([oldAttachedShared.Id, oldAttached.Id], 1000, 1);
        _clock.Now = Start + TimeSpan.FromHours(23);
        var recentUnattached = await UploadAsync(TestImages.WebP(5, 5));

        var result = _store.ExpireUnattached(TimeSpan.FromHours(24), Start + TimeSpan.FromHours(25));

        Assert.Equal(new MediaExpiry(RecordsDeleted: 2, ContentFilesDeleted: 1), result);
        Assert.Null(_store.Get(oldUnattachedShared.Id));
        Assert.Null(_store.Get(oldUnattachedAlone.Id));
        Assert.NotNull(_store.Get(oldAttachedShared.Id));
        Assert.NotNull(_store.Get(oldAttached.Id));
        Assert.NotNull(_store.Get(recentUnattached.Id));
        Assert.Null(_store.OpenContent(oldUnattachedAlone.ContentHash));
        using (var content = _store.OpenContent(oldAttachedShared.ContentHash))
        {
            Assert.NotNull(content);
        }

        Assert.Equal(3, _dir.Files("content").Length);
        Assert.Equal(3, _dir.Files("records").Length);
    }

    [Fact]
    public async Task Expiry_uses_the_configured_age_and_is_durable()
    {
        var media = await UploadAsync(TestImages.Png(1, 1));

        Assert.Equal(new MediaExpiry(0, 0), _store.ExpireUnattached(Start + TimeSpan.FromHours(23)));
        Assert.Equal(new MediaExpiry(1, 1), _store.ExpireUnattached(Start + TimeSpan.FromHours(24.5)));
        _store.Dispose();

        using var reopened = MediaStore.Open(_dir.Path, clock: _clock);
        Assert.Null(reopened.Get(media.Id));
        Assert.Empty(_dir.Files("content"));
    }

    [Fact]
    public async Task Content_left_without_a_record_is_swept_and_foreign_files_are_left_alone()
    {
        var kept = await UploadAsync(TestImages.Png(1, 1));
        string orphan = new('e', 64);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "content", "ee"));
        File.WriteAllBytes(Path.Combine(_dir.Path, "content", "ee", orphan), [1]);
        File.WriteAllBytes(Path.Combine(_dir.Path, "content", "README"), [1]);

        var result = _store.ExpireUnattached(TimeSpan.FromHours(24), Start);

        Assert.Equal(new MediaExpiry(0, 1), result);
        Assert.NotNull(_store.Get(kept.Id));
        Assert.True(File.Exists(Path.Combine(_dir.Path, "content", "README")));
        Assert.False(File.Exists(Path.Combine(_dir.Path, "content", "ee", orphan)));
    }

    [Fact]
    public async Task An_expired_upload_of_content_that_comes_back_is_stored_again()
    {
        byte[] image = TestImages.Gif(3, 3);
        await UploadAsync(image);
        _store.ExpireUnattached(TimeSpan.Zero, Start + TimeSpan.FromSeconds(1));
        Assert.Empty(_dir.Files("content"));

        var again = await UploadAsync(image);

        using var content = _store.OpenContent(again.ContentHash);
        Assert.NotNull(content);
    }
}
