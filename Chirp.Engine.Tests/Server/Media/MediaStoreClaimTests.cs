using Chirp.Engine.Tests.Support;
using Chirp.Server.Media;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>Claims reserve media for a status being written; deleting a status's media removes records and content.</summary>
public sealed class MediaStoreClaimTests : IDisposable
{
    private const long Ann = 1;

    private readonly TempMediaDirectory _dir = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MediaStore _store;

    public MediaStoreClaimTests() => _store = MediaStore.Open(_dir.Path, clock: _clock);

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private async Task<MediaRecord> UploadAsync(int width = 2) => await _store.UploadAsync(Ann, new MemoryStream(TestImages.Png(width, 2)));

    [Fact]
    public async Task A_claimed_media_cannot_be_claimed_or_attached_by_another_post_until_released()
    {
        var media = await UploadAsync();

        var first = _store.Claim([media.Id], Ann);
        var second = Assert.Throws<MediaException>(() => _store.Claim([media.Id], Ann));
        var attach = Assert.Throws<MediaException>(() => _store.MarkAttached([media.Id], 99, Ann));
        first.Dispose();
        using var third = _store.Claim([media.Id], Ann);

        Assert.Equal(MediaErrorCode.AlreadyAttached, second.ErrorCode);
        Assert.Equal(MediaErrorCode.AlreadyAttached, attach.ErrorCode);
        Assert.Null(_store.Get(media.Id)!.AttachedStatusId);
        Assert.Equal(5, third.Confirm(5).Single().AttachedStatusId);
    }

    [Fact]
    public async Task A_confirmed_claim_attaches_and_a_retry_with_the_same_request_id_may_name_the_media_again()
    {
        var media = await UploadAsync();
        var request = Guid.NewGuid();

        using (var claim = _store.Claim([media.Id], Ann, request))
        {
            claim.Confirm(7);
        }

        using var retry = _store.Claim([media.Id], Ann, request);
        var other = Assert.Throws<MediaException>(() => _store.Claim([media.Id], Ann, Guid.NewGuid()));
        var unkeyed = Assert.Throws<MediaException>(() => _store.Claim([media.Id], Ann));

        Assert.Equal(7, retry.Confirm(7).Single().AttachedStatusId);
        Assert.Equal(MediaErrorCode.AlreadyAttached, other.ErrorCode);
        Assert.Equal(MediaErrorCode.AlreadyAttached, unkeyed.ErrorCode);
    }

    [Fact]
    public async Task An_edit_may_keep_the_media_of_its_own_status_but_not_take_another_status_media()
    {
        var kept = await UploadAsync(2);
        var elsewhere = await UploadAsync(3);
        _store.MarkAttached([kept.Id], 10, Ann);
        _store.MarkAttached([elsewhere.Id], 11, Ann);

        using (var claim = _store.Claim([kept.Id], Ann, statusId: 10))
        {
            Assert.Equal(10, claim.Confirm(10).Single().AttachedStatusId);
        }

        Assert.Throws<MediaException>(() => _store.Claim([kept.Id, elsewhere.Id], Ann, statusId: 10));
    }

    [Fact]
    public async Task Expiry_keeps_a_claimed_upload()
    {
        var media = await UploadAsync();
        using var claim = _store.Claim([media.Id], Ann);

        var expired = _store.ExpireUnattached(TimeSpan.Zero, _clock.GetUtcNow().AddDays(1));

        Assert.Equal(0, expired.RecordsDeleted);
        Assert.NotNull(_store.Get(media.Id));
    }

    [Fact]
    public async Task Deleting_a_status_media_removes_its_records_and_unshared_content_at_once()
    {
        var alone = await UploadAsync(2);
        var shared = await UploadAsync(3);
        var sharedCopy = await UploadAsync(3);
        var otherStatus = await UploadAsync(4);
        _store.MarkAttached([alone.Id, shared.Id], 20, Ann);
        _store.MarkAttached([sharedCopy.Id], 21, Ann);
        _store.MarkAttached([otherStatus.Id], 22, Ann);

        int deleted = _store.DeleteAttached(20, [alone.Id, shared.Id, otherStatus.Id]);

        Assert.Equal(2, deleted);
        Assert.Null(_store.Get(alone.Id));
        Assert.Null(_store.Get(shared.Id));
        Assert.Null(_store.OpenContent(alone.ContentHash));
        Assert.NotNull(_store.Get(otherStatus.Id));
        using var stillShared = _store.OpenContent(sharedCopy.ContentHash);
        Assert.NotNull(stillShared);
        Assert.Equal(2, _dir.Files("records").Length);
        Assert.Equal(2, _dir.Files("content").Length);
    }
}
