using System.Text;
using Chirp.Engine.Tests.Server.Support;
using Chirp.Server.Media;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Media;

/// <summary>
/// The media store over an S3 bucket, against a real S3-compatible server (s3rver): the bytes and type read back, two
/// stores (two nodes) over one bucket, content kept once, expiry, refused buckets and credentials, and damaged or
/// missing objects.
/// </summary>
public sealed class S3MediaStoreTests : IAsyncLifetime
{
    private readonly TempMediaDirectory _nodeA = new();
    private readonly TempMediaDirectory _nodeB = new();
    private readonly LogCapture _log = new();
    private readonly ILoggerFactory _loggers;
    private readonly List<MediaStore> _stores = [];
    private S3rverProcess? _s3;

    public S3MediaStoreTests() => _loggers = LoggerFactory.Create(builder => builder.AddProvider(_log));

    private S3rverProcess S3 => _s3!;

    private IEnumerable<CapturedLog> Errors => _log.Entries.Where(e => e.Level == LogLevel.Error);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (_s3 is not null)
        {
            await _s3.DisposeAsync();
        }

        _loggers.Dispose();
        _nodeA.Dispose();
        _nodeB.Dispose();
    }

    [SkippableFact]
    public async Task An_upload_is_stored_in_the_bucket_and_read_back_with_its_type_and_length()
    {
        var store = await OpenAsync(_nodeA, nodeNumber: 1);
        byte[] png = TestImages.Png(7, 5);

        var record = await store.UploadAsync(1, new MemoryStream(png), "a dot");

        Assert.True(store.IsShared);
        Assert.Equal(("image/png", png.Length, 7, 5), (record.MimeType, record.ByteSize, record.Width, record.Height));
        Assert.Equal(["content/" + record.ContentHash], await S3.KeysAsync("content/"));
        Assert.Equal([$"records/{record.Id}.json"], await S3.KeysAsync("records/"));
        Assert.Empty(await S3.KeysAsync("journal/"));
        // The directory holds only staged uploads (none now) and the lock.
        Assert.False(Directory.Exists(Path.Combine(_nodeA.Path, "content")));
        Assert.Empty(_nodeA.Files("tmp"));
        using var content = await store.OpenContentAsync(record.ContentHash);
        Assert.NotNull(content);
        Assert.Equal(("image/png", png.Length), (content.MimeType, content.Length));
        Assert.Equal(png, await ReadAllAsync(content.Stream));
        Assert.Equal("a dot", store.Get(record.Id)!.Description);
        Assert.Equal(1, SnowflakeId.ShardOf(record.Id));
    }

    [SkippableFact]
    public async Task An_upload_on_one_node_is_found_described_attached_and_served_on_another_at_once()
    {
        var nodeA = await OpenAsync(_nodeA, nodeNumber: 1);
        // Node B reads the bucket at every call, so that it sees A's changes at once (by default a read is kept 5 s).
        var nodeB = await OpenAsync(_nodeB, nodeNumber: 2, recordCacheLifetime: TimeSpan.Zero);
        byte[] gif = TestImages.Gif(3, 4);
        // Node B asks first, so that a miss it might remember cannot hide the upload.
        Assert.Null(nodeB.Get(SnowflakeId.Compose(1, 1, 0)));

        var uploaded = await nodeA.UploadAsync(7, new MemoryStream(gif));

        Assert.Equal(uploaded, nodeB.Get(uploaded.Id));
        var described = nodeB.UpdateDescription(uploaded.Id, 7, "described on B");
        using (var claim = nodeB.Claim([uploaded.Id], 7))
        {
            Assert.Equal(500, Assert.Single(claim.Confirm(500)).AttachedStatusId);
        }

        // Node A's change reads the bucket first: B's attach stands.
        var refused = Assert.Throws<MediaException>(() => nodeA.MarkAttached([uploaded.Id], 501, 7));
        Assert.Equal(MediaErrorCode.AlreadyAttached, refused.ErrorCode);
        Assert.Equal(("described on B", 500L), (nodeA.Get(uploaded.Id) is { } seen ? (seen.Description, seen.AttachedStatusId) : default));
        Assert.Equal("described on B", described.Description);
        using var content = await nodeB.OpenContentAsync(uploaded.ContentHash);
        Assert.NotNull(content);
        Assert.Equal("image/gif", content.MimeType);
        Assert.Equal(gif, await ReadAllAsync(content.Stream));
        Assert.Equal(1, nodeA.DeleteAttached(500, [uploaded.Id]));
        Assert.Null(nodeB.Get(uploaded.Id));
    }

    [SkippableFact]
    public async Task A_node_answers_reads_from_its_cache_for_the_configured_lifetime_and_changes_after_a_fresh_read()
    {
        var nodeA = await OpenAsync(_nodeA, nodeNumber: 1, recordCacheLifetime: TimeSpan.FromHours(1));
        var nodeB = await OpenAsync(_nodeB, nodeNumber: 2);
        var uploaded = await nodeA.UploadAsync(7, new MemoryStream(TestImages.Png(2, 3)));

        nodeB.UpdateDescription(uploaded.Id, 7, "new");

        // A read within the lifetime is the cached one; a change reads the bucket first and so builds on B's.
        Assert.Null(nodeA.Get(uploaded.Id)!.Description);
        nodeA.MarkAttached([uploaded.Id], 42, 7);
        Assert.Equal(("new", 42L), (nodeA.Get(uploaded.Id)!.Description, nodeA.Get(uploaded.Id)!.AttachedStatusId));
    }

    [SkippableFact]
    public async Task Two_nodes_uploading_the_same_image_store_its_content_once_and_mint_different_ids()
    {
        var nodeA = await OpenAsync(_nodeA, nodeNumber: 1);
        var nodeB = await OpenAsync(_nodeB, nodeNumber: 2);
        byte[] jpeg = TestImages.Jpeg(6, 6);

        var first = await nodeA.UploadAsync(1, new MemoryStream(jpeg));
        var second = await nodeB.UploadAsync(2, new MemoryStream(jpeg));
        var third = await nodeA.UploadAsync(1, new MemoryStream(jpeg));

        Assert.Equal(first.ContentHash, second.ContentHash);
        Assert.Equal(3, new[] { first.Id, second.Id, third.Id }.Distinct().Count());
        Assert.Equal((1, 2), (SnowflakeId.ShardOf(first.Id), SnowflakeId.ShardOf(second.Id)));
        Assert.Single(await S3.KeysAsync("content/"));
        Assert.Equal(3, (await S3.KeysAsync("records/")).Count);
    }

    [SkippableFact]
    public async Task Expiry_deletes_old_unattached_records_and_content_nothing_uses_once_past_the_grace_period()
    {
        var nodeA = await OpenAsync(_nodeA, nodeNumber: 1);
        var nodeB = await OpenAsync(_nodeB, nodeNumber: 2);
        byte[] shared = TestImages.Png(2, 2);
        var unattachedAlone = await nodeA.UploadAsync(1, new MemoryStream(TestImages.WebP(2, 2)));
        var unattachedShared = await nodeA.UploadAsync(1, new MemoryStream(shared));
        var attachedShared = await nodeB.UploadAsync(2, new MemoryStream(shared));
        nodeB.MarkAttached([attachedShared.Id], 900, 2);
        var now = DateTimeOffset.UtcNow;

        // Within the grace period the unused content stays, though its record expired.
        var early = nodeA.ExpireUnattached(TimeSpan.Zero, now + TimeSpan.FromSeconds(1));
        Assert.Equal(new MediaExpiry(RecordsDeleted: 2, ContentFilesDeleted: 0), early);
        Assert.Equal(2, (await S3.KeysAsync("content/")).Count);

        var late = nodeB.ExpireUnattached(TimeSpan.Zero, now + MediaStore.SharedContentGrace + TimeSpan.FromMinutes(1));

        Assert.Equal(new MediaExpiry(RecordsDeleted: 0, ContentFilesDeleted: 1), late);
        Assert.Equal(["content/" + attachedShared.ContentHash], await S3.KeysAsync("content/"));
        Assert.Equal([$"records/{attachedShared.Id}.json"], await S3.KeysAsync("records/"));
        Assert.Null(nodeA.Get(unattachedAlone.Id));
        Assert.Null(nodeB.Get(unattachedShared.Id));
        Assert.Null(await nodeB.OpenContentAsync(unattachedAlone.ContentHash));
        using var kept = await nodeA.OpenContentAsync(attachedShared.ContentHash);
        Assert.NotNull(kept);
    }

    [SkippableFact]
    public async Task A_missing_bucket_wrong_credentials_and_an_unreachable_server_are_typed_errors_at_open()
    {
        _s3 = await S3rverProcess.StartAsync();

        var missing = Assert.Throws<MediaStorageException>(() => MediaStore.Open(_nodeA.Path, S3.Options(bucket: "no-such-bucket")));
        // s3rver checks the access key of a signature (version 4), not the signature itself, as S3 also does.
        var refused = Assert.Throws<MediaStorageException>(() => MediaStore.Open(_nodeA.Path, S3.Options(accessKey: "WRONGKEY")));
        var closedPort = S3.Options();
        closedPort.S3.ServiceUrl = "http://127.0.0.1:1";
        var unreachable = Assert.Throws<MediaStorageException>(() => MediaStore.Open(_nodeA.Path, closedPort));

        Assert.Equal((MediaStorageProblem.BucketNotFound, "bucket_not_found"), (missing.Problem, missing.Code));
        Assert.Contains("'no-such-bucket' does not exist", missing.Message, StringComparison.Ordinal);
        Assert.Equal((MediaStorageProblem.AccessDenied, "access_denied"), (refused.Problem, refused.Code));
        Assert.Contains("refused the credentials", refused.Message, StringComparison.Ordinal);
        Assert.Equal(MediaStorageProblem.Unreachable, unreachable.Problem);
        // Each failed open let go of the directory's lock.
        using var opened = MediaStore.Open(_nodeA.Path, S3.Options());
        Assert.True(opened.IsShared);
    }

    [SkippableFact]
    public async Task A_request_the_bucket_fails_after_open_is_a_typed_error()
    {
        var store = await OpenAsync(_nodeA, nodeNumber: 1);
        var record = await store.UploadAsync(1, new MemoryStream(TestImages.Png(1, 1)));
        await _s3!.DisposeAsync();
        _s3 = null;

        var upload = await Assert.ThrowsAsync<MediaStorageException>(() => store.UploadAsync(1, new MemoryStream(TestImages.Png(2, 1))));
        var describe = Assert.Throws<MediaStorageException>(() => store.UpdateDescription(record.Id, 1, "x"));

        Assert.Equal(MediaStorageProblem.Unreachable, upload.Problem);
        Assert.Equal(MediaStorageProblem.Unreachable, describe.Problem);
        Assert.Empty(_nodeA.Files("tmp"));
    }

    [SkippableFact]
    public async Task Damaged_content_is_quarantined_logged_and_not_served_and_a_missing_object_is_not_found()
    {
        var nodeA = await OpenAsync(_nodeA, nodeNumber: 1);
        var damaged = await nodeA.UploadAsync(1, new MemoryStream(TestImages.Png(4, 4)));
        var missing = await nodeA.UploadAsync(1, new MemoryStream(TestImages.Gif(4, 4)));
        byte[] tampered = TestImages.Png(4, 4);
        tampered[^20] ^= 0xff;
        await S3.PutAsync("content/" + damaged.ContentHash, tampered, "image/png");
        await S3.DeleteAsync("content/" + missing.ContentHash);
        var nodeB = await OpenAsync(_nodeB, nodeNumber: 2);

        Assert.Null(await nodeB.OpenContentAsync(damaged.ContentHash));
        Assert.Null(await nodeB.OpenContentAsync(missing.ContentHash));
        Assert.Null(await nodeB.OpenContentAsync(new string('a', 64)));

        Assert.Empty(await S3.KeysAsync("content/"));
        string quarantined = Assert.Single(await S3.KeysAsync("quarantine/content/"));
        Assert.StartsWith($"quarantine/content/{damaged.ContentHash}.", quarantined, StringComparison.Ordinal);
        var error = Assert.Single(Errors);
        Assert.Contains($"Media content {damaged.ContentHash} at s3://{S3.Bucket}/content/{damaged.ContentHash} is damaged", error.Message, StringComparison.Ordinal);
        // The records stay: the same image uploaded again serves them again.
        var again = await nodeB.UploadAsync(1, new MemoryStream(TestImages.Png(4, 4)));
        Assert.Equal(damaged.ContentHash, again.ContentHash);
        using var restored = await nodeA.OpenContentAsync(damaged.ContentHash);
        Assert.NotNull(restored);
    }

    [SkippableFact]
    public async Task A_damaged_record_is_quarantined_and_logged_and_the_others_still_read()
    {
        var store = await OpenAsync(_nodeA, nodeNumber: 1);
        var good = await store.UploadAsync(1, new MemoryStream(TestImages.Png(3, 3)));
        var bad = await store.UploadAsync(1, new MemoryStream(TestImages.Png(3, 2)));
        await S3.PutAsync($"records/{bad.Id}.json", Encoding.UTF8.GetBytes("{ not json"), "application/json");
        var other = await OpenAsync(_nodeB, nodeNumber: 2);

        Assert.Null(other.Get(bad.Id));
        Assert.Equal(good, other.Get(good.Id));

        Assert.StartsWith($"quarantine/records/{bad.Id}.json.", Assert.Single(await S3.KeysAsync("quarantine/records/")), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", Assert.Single(Errors).Message, StringComparison.Ordinal);
        Assert.Equal(new MediaExpiry(1, 0), other.ExpireUnattached(TimeSpan.Zero, DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1)));
    }

    [SkippableFact]
    public async Task An_attach_left_half_done_in_the_journal_is_completed_by_the_next_node_that_opens()
    {
        var store = await OpenAsync(_nodeA, nodeNumber: 1);
        var first = await store.UploadAsync(1, new MemoryStream(TestImages.Png(1, 2)));
        var second = await store.UploadAsync(1, new MemoryStream(TestImages.Png(2, 2)));
        // What a node that died between the journal entry and the records leaves in the bucket.
        await S3.PutAsync("journal/attach-77-0123456789abcdef0123456789abcdef.json", Encoding.UTF8.GetBytes($$"""{"statusId":77,"mediaIds":[{{first.Id}},{{second.Id}}]}"""), "application/json");

        var other = await OpenAsync(_nodeB, nodeNumber: 2);

        Assert.Equal((77L, 77L), (other.Get(first.Id)!.AttachedStatusId, other.Get(second.Id)!.AttachedStatusId));
        Assert.Empty(await S3.KeysAsync("journal/"));
    }

    [SkippableFact]
    public async Task A_backup_of_a_bucket_store_is_written_in_the_local_layout_and_opens_as_a_local_store()
    {
        var store = await OpenAsync(_nodeA, nodeNumber: 1);
        var record = await store.UploadAsync(1, new MemoryStream(TestImages.WebP(3, 3)));
        using var target = new TempMediaDirectory();

        var backup = await store.BackUpAsync(target.Path, CancellationToken.None);

        Assert.Equal(new MediaBackup(Records: 1, ContentFiles: 1, MissingContent: 0), backup);
        using var local = MediaStore.Open(target.Path);
        Assert.False(local.IsShared);
        Assert.Equal(record, local.Get(record.Id));
        using var content = local.OpenContent(record.ContentHash);
        Assert.NotNull(content);
    }

    private async Task<MediaStore> OpenAsync(TempMediaDirectory directory, int nodeNumber, TimeSpan? recordCacheLifetime = null)
    {
        _s3 ??= await S3rverProcess.StartAsync();
        var options = _s3.Options();
        options.S3.RecordCacheLifetime = recordCacheLifetime ?? options.S3.RecordCacheLifetime;
        var store = MediaStore.Open(directory.Path, options, logger: _loggers.CreateLogger<MediaStore>(), nodeNumber: nodeNumber);
        _stores.Add(store);
        return store;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }
}
