using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

public sealed class MediaStoreOwnershipTests : IDisposable
{
    private const long Ann = 1;
    private const long Bob = 2;

    private readonly TempMediaDirectory _dir = new();
    private readonly MediaStore _store;

    public MediaStoreOwnershipTests() => _store = MediaStore.Open(_dir.Path);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private async Task<MediaRecord> UploadAsync(long owner, int width = 2) =>
        await _store.UploadAsync(owner, new MemoryStream(TestImages.Png(width, 2)));

    [Fact]
    public async Task Only_the_owner_may_change_a_description()
    {
        var media = await UploadAsync(Ann);

        var updated = _store.UpdateDescription(media.Id, Ann, "a cat");
        var forbidden = Assert.Throws<MediaException>(() => _store.UpdateDescription(media.Id, Bob, "a dog"));
        var missing = Assert.Throws<MediaException>(() => _store.UpdateDescription(media.Id + 1, Ann, "a bird"));
        var tooLong = Assert.Throws<MediaException>(() => _store.UpdateDescription(media.Id, Ann, new string('x', 1501)));

        Assert.Equal("a cat", updated.Description);
        Assert.Equal((MediaErrorCode.Forbidden, "forbidden", 403), (forbidden.ErrorCode, forbidden.Code, forbidden.HttpStatusCode));
        Assert.Equal((MediaErrorCode.NotFound, "not_found", 404), (missing.ErrorCode, missing.Code, missing.HttpStatusCode));
        Assert.Equal(MediaErrorCode.Validation, tooLong.ErrorCode);
        Assert.Equal("a cat", _store.Get(media.Id)!.Description);
        Assert.Null(_store.UpdateDescription(media.Id, Ann, null).Description);
    }

    [Fact]
    public async Task Attaching_marks_every_media_with_the_status()
    {
        var first = await UploadAsync(Ann, 1);
        var second = await UploadAsync(Ann, 2);

        var attached = _store.MarkAttached([second.Id, first.Id], statusId: 77, ownerId: Ann);

        Assert.Equal([second.Id, first.Id], attached.Select(r => r.Id));
        Assert.All(attached, r => Assert.Equal(77, r.AttachedStatusId));
        Assert.Equal(77, _store.Get(first.Id)!.AttachedStatusId);
        Assert.Empty(_dir.Files("journal"));
    }

    [Fact]
    public async Task Attaching_again_to_the_same_status_changes_nothing()
    {
        var media = await UploadAsync(Ann);
        var once = _store.MarkAttached([media.Id], 77, Ann);

        var twice = _store.MarkAttached([media.Id, media.Id], 77, Ann);

        Assert.Equal(once, twice);
    }

    [Fact]
    public async Task Another_users_media_fails_the_whole_attach()
    {
        var mine = await UploadAsync(Ann, 1);
        var theirs = await UploadAsync(Bob, 2);

        var error = Assert.Throws<MediaException>(() => _store.MarkAttached([mine.Id, theirs.Id], 77, Ann));

        Assert.Equal(MediaErrorCode.Forbidden, error.ErrorCode);
        Assert.Null(_store.Get(mine.Id)!.AttachedStatusId);
        Assert.Null(_store.Get(theirs.Id)!.AttachedStatusId);
    }

    [Fact]
    public async Task A_missing_media_fails_the_whole_attach()
    {
        var mine = await UploadAsync(Ann);

        var error = Assert.Throws<MediaException>(() => _store.MarkAttached([mine.Id, mine.Id + 1000], 77, Ann));

        Assert.Equal(MediaErrorCode.NotFound, error.ErrorCode);
        Assert.Null(_store.Get(mine.Id)!.AttachedStatusId);
    }

    [Fact]
    public async Task Media_attached_to_another_status_fails_the_whole_attach()
    {
        var used = await UploadAsync(Ann, 1);
        var fresh = await UploadAsync(Ann, 2);
        _store.MarkAttached([used.Id], 10, Ann);

        var error = Assert.Throws<MediaException>(() => _store.MarkAttached([fresh.Id, used.Id], 11, Ann));

        Assert.Equal((MediaErrorCode.AlreadyAttached, "already_attached"), (error.ErrorCode, error.Code));
        Assert.Null(_store.Get(fresh.Id)!.AttachedStatusId);
        Assert.Equal(10, _store.Get(used.Id)!.AttachedStatusId);
    }

    [Fact]
    public async Task A_refused_attach_changes_nothing_on_disk_either()
    {
        var mine = await UploadAsync(Ann, 1);
        var theirs = await UploadAsync(Bob, 2);
        Assert.Throws<MediaException>(() => _store.MarkAttached([mine.Id, theirs.Id], 77, Ann));
        _store.Dispose();

        using var reopened = MediaStore.Open(_dir.Path);

        Assert.Null(reopened.Get(mine.Id)!.AttachedStatusId);
        Assert.Null(reopened.Get(theirs.Id)!.AttachedStatusId);
    }
}
