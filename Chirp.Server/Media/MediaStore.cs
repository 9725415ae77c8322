using System.Buffers;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;

namespace Chirp.Server.Media;

/// <summary>
/// Uploaded images: content-addressed bytes (named by SHA-256, stored once however often uploaded) and one durable
/// metadata record per upload, in a local directory (the default) or in an S3 bucket that several nodes share. Thread-safe.
/// One process per directory: <see cref="Open"/> locks it.
/// </summary>
/// <remarks>
/// Layout under the directory: <c>content/ab/ab…(sha256)</c>, <c>records/{bucket}/{id}.json</c>, <c>journal/</c>
/// (attach intents), <c>tmp/</c> (staged uploads, emptied at open), <c>quarantine/</c> (damaged files, moved aside and
/// logged) and <c>LOCK</c>. Every file is written under a temporary name, flushed and renamed, and its folder synced.
/// All records are held in memory (a few hundred bytes each) and read at open. With a bucket
/// (<see cref="MediaS3Options"/>), content, records, journal and quarantine are objects in it, records are read when
/// asked for and kept in a bounded cache, and the directory holds only <c>tmp/</c> and <c>LOCK</c> (see
/// <c>MediaStore.Shared.cs</c>).
/// </remarks>
public sealed partial class MediaStore : IDisposable
{
    private const int CopyBufferBytes = 64 * 1024;

    // MetadataExtractor reads headers a few bytes at a time; a buffer saves a system call for each.
    private const int StagedFileBufferBytes = 16 * 1024;

    private readonly long _maxBytes;
    private readonly long _maxPixels;
    private readonly ILogger _logger;
    private readonly ContentVerifier _verifier = new();
    private readonly Dictionary<long, MediaClaim> _claims = [];
    private readonly HashSet<string> _reportedMissing = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly FileStream _lockFile;
    private readonly string _tempDirectory;
    private readonly IMediaContentStorage _content;
    private readonly IMediaRecordStorage _records;
    private readonly MediaIdGenerator _ids;
    private readonly Lock _gate = new();

    // A directory of its own: every record, and how many records use each content (content at zero may be deleted).
    private readonly Dictionary<long, MediaRecord> _byId = [];
    private readonly Dictionary<string, ContentReference> _references = new(StringComparer.Ordinal);

    // A shared bucket: the records this node read lately, instead of the two above.
    private readonly S3Bucket? _bucket;
    private readonly RecordCache? _shared;

    private MediaStore(string root, MediaOptions options, TimeProvider clock, FileStream lockFile, ILogger logger, S3Bucket? bucket, int idShard)
    {
        Directory = root;
        _maxBytes = options.MaxBytes;
        _maxPixels = options.MaxPixels;
        _logger = logger;
        UnattachedExpiry = options.UnattachedExpiry;
        _clock = clock;
        _lockFile = lockFile;
        _bucket = bucket;
        _tempDirectory = Path.Combine(root, "tmp");
        DurableFiles.CreateDirectory(_tempDirectory);

        // Staged uploads and half-written files of a previous run: none is referenced by anything.
        foreach (string leftover in System.IO.Directory.EnumerateFiles(_tempDirectory))
        {
            File.Delete(leftover);
        }

        if (bucket is not null)
        {
            _content = new S3ContentStorage(bucket);
            _records = new S3RecordStorage(bucket);
            _shared = new RecordCache(options.S3.RecordCacheLifetime, options.S3.RecordCacheEntries, clock);
        }
        else
        {
            string contentRoot = Path.Combine(root, "content");
            string recordRoot = Path.Combine(root, "records");
            string journalRoot = Path.Combine(root, "journal");
            foreach (string folder in new[] { contentRoot, recordRoot, journalRoot })
            {
                DurableFiles.CreateDirectory(folder);
            }

            var quarantine = new MediaQuarantine(Path.Combine(root, "quarantine"));
            _content = new FileContentStorage(contentRoot, quarantine);
            _records = new FileRecordStorage(new RecordFiles(recordRoot, _tempDirectory), new AttachJournal(journalRoot, _tempDirectory), quarantine);
            foreach (var record in _records.LoadAll(QuarantineDamaged("records")))
            {
                _byId.Add(record.Id, record);
                Pin(record.ContentHash, record.MimeType);
            }
        }

        CompleteJournaledAttaches();
        _ids = new MediaIdGenerator(clock, _byId.Count == 0 ? 0 : _byId.Keys.Max(), idShard);
    }

    /// <summary>The store's directory (absolute).</summary>
    public string Directory { get; }

    /// <summary>Whether content and records live in an S3 bucket that other nodes may share, rather than in <see cref="Directory"/>.</summary>
    public bool IsShared => _shared is not null;

    /// <summary>The age after which <see cref="ExpireUnattached(DateTimeOffset)"/> deletes an unattached upload.</summary>
    public TimeSpan UnattachedExpiry { get; }

    /// <summary>
    /// Opens (creating if needed) the store in a directory, for example <c>&lt;data&gt;/media</c>; with
    /// <see cref="MediaOptions.S3"/> configured, over that bucket (checked at once), the directory keeping only staged uploads.
    /// </summary>
    /// <param name="directory">The store's directory.</param>
    /// <param name="options">Limits and the storage; the defaults when null.</param>
    /// <param name="clock">The time; the system's when null.</param>
    /// <param name="logger">Where damage is reported.</param>
    /// <param name="nodeNumber">With a shared bucket, this node's number (1 to 1023, different on each node) in the ids it
    /// mints; 0 picks one at random. Unused for a directory of its own.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are out of range or the bucket half-configured.</exception>
    /// <exception cref="IOException">Another process has the store open.</exception>
    /// <exception cref="MediaStorageException">The bucket does not exist, refuses the credentials or cannot be reached.</exception>
    /// <remarks>A record or journal file that cannot be read is moved to <c>quarantine/</c> and logged as an error; the rest open.</remarks>
    public static MediaStore Open(string directory, MediaOptions? options = null, TimeProvider? clock = null, ILogger? logger = null, int nodeNumber = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(nodeNumber);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nodeNumber, MaxNodeNumber);
        options ??= new MediaOptions();
        options.Validate();
        string root = Path.GetFullPath(directory);
        DurableFiles.CreateDirectory(root);
        // FileShare.None takes an exclusive lock that the OS releases if the process dies.
        var lockFile = new FileStream(Path.Combine(root, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        S3Bucket? bucket = null;
        try
        {
            int idShard = 0;
            if (options.S3.IsConfigured)
            {
                bucket = new S3Bucket(options.S3);
                bucket.CheckAccessAsync(CancellationToken.None).GetAwaiter().GetResult();
                idShard = nodeNumber > 0 ? nodeNumber : Random.Shared.Next(1, MaxNodeNumber + 1);
            }

            return new MediaStore(root, options, clock ?? TimeProvider.System, lockFile, logger ?? NullLogger.Instance, bucket, idShard);
        }
        catch
        {
            bucket?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stores an upload: reads at most <see cref="MediaOptions.MaxBytes"/> from the stream (to a staged file, never all
    /// in memory), tells the image type and size from the bytes, keeps the content once by its hash and writes the record.
    /// </summary>
    /// <exception cref="MediaException"><c>too_large</c>, <c>unsupported_media_type</c>, <c>invalid_image</c>,
    /// <c>too_many_pixels</c>, <c>active_content</c> or <c>validation_failed</c> (description); nothing is stored then.</exception>
    /// <exception cref="MediaStorageException">The bucket failed; content it did take is deleted by the expiry sweep.</exception>
    public async Task<MediaRecord> UploadAsync(long ownerId, Stream content, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        string? checkedDescription = CheckDescription(description);
        string staged = DurableFiles.TempPath(_tempDirectory);
        try
        {
            string hash;
            long size;
            ImageInfo image;
            var file = new FileStream(staged, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, StagedFileBufferBytes, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                (hash, size) = await CopyWithinLimitAsync(content, file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
                image = ImageProbe.Probe(file);
                CheckSafeToServe(image, file);
            }

            MediaRecord record;
            lock (_gate)
            {
                // Pinned before the file is installed, so a concurrent expiry cannot delete the content under this upload.
                Pin(hash, image.MimeType);
                record = new MediaRecord(
                    _ids.Next(), ownerId, hash, image.MimeType, size, image.Width, image.Height, checkedDescription, _clock.GetUtcNow(), null);
            }

            try
            {
                await _content.InstallAsync(staged, hash, image.MimeType, cancellationToken).ConfigureAwait(false);
                _records.Write(record);
            }
            catch
            {
                lock (_gate)
                {
                    Unpin(hash);
                }

                throw;
            }

            lock (_gate)
            {
                Remember(record);
            }

            return record;
        }
        finally
        {
            // Still there when the content was stored already, or the upload was refused.
            DurableFiles.DeleteIfExists(staged);
        }
    }

    /// <summary>The record of a media id, or null if there is none (never uploaded, or expired).</summary>
    /// <remarks>With a shared bucket, a record read less than <see cref="MediaS3Options.RecordCacheLifetime"/> ago is
    /// answered from memory; any other is read from the bucket, so an upload another node just made is found.</remarks>
    public MediaRecord? Get(long id)
    {
        if (_shared is not null)
        {
            return _shared.GetFresh(id) ?? Find(id, fresh: true);
        }

        lock (_gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Sets (or with null or blank, clears) a media's description. Attached media may be described too.</summary>
    /// <exception cref="MediaException"><c>not_found</c>, <c>forbidden</c> (another user's media) or <c>validation_failed</c>.</exception>
    public MediaRecord UpdateDescription(long id, long ownerId, string? description)
    {
        string? checkedDescription = CheckDescription(description);
        lock (_gate)
        {
            var updated = OwnedRecord(id, ownerId) with { Description = checkedDescription };
            _records.Write(updated);
            Remember(updated);
            return updated;
        }
    }

    /// <summary>Expires with the configured <see cref="MediaOptions.UnattachedExpiry"/>.</summary>
    public MediaExpiry ExpireUnattached(DateTimeOffset now) => ExpireUnattached(UnattachedExpiry, now);

    /// <summary>
    /// Deletes the records of unattached uploads created before <c>now - olderThan</c>, then every content file that no
    /// record uses (including any a crash left behind). Attached media are never deleted.
    /// </summary>
    public MediaExpiry ExpireUnattached(TimeSpan olderThan, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(olderThan, TimeSpan.Zero);
        var cutoff = now - olderThan;
        if (_shared is not null)
        {
            return ExpireShared(cutoff, now);
        }

        List<MediaRecord> expired;
        lock (_gate)
        {
            // A claimed upload is being attached to a status that is being written: it stays.
            expired = [.. _byId.Values.Where(r => r.AttachedStatusId is null && r.CreatedAt < cutoff && !_claims.ContainsKey(r.Id))];
            foreach (var record in expired)
            {
                _byId.Remove(record.Id);
                Unpin(record.ContentHash);
            }
        }

        // Records first, durably: a crash between the steps leaves content nothing uses (the next run deletes it), never
        // a record without its content.
        _records.Delete(expired.Select(r => r.Id));

        int filesDeleted = DeleteUnreferencedContent(_content.Enumerate().Select(content => content.Hash));
        return new MediaExpiry(expired.Count, filesDeleted);
    }

    public void Dispose()
    {
        _bucket?.Dispose();
        _lockFile.Dispose();
    }

    private async Task<(string Hash, long Size)> CopyWithinLimitAsync(Stream source, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            long size = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > _maxBytes)
                {
                    throw new MediaException(MediaErrorCode.TooLarge, $"The upload is larger than the limit of {_maxBytes} bytes.");
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string? CheckDescription(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return null;
        }

        // Counted in code points, as Mastodon counts: an emoji is one character, not two UTF-16 units.
        int length = description.EnumerateRunes().Count();
        return length <= MediaOptions.MaxDescriptionLength
            ? description
            : throw new MediaException(
                MediaErrorCode.Validation,
                $"The description is {length} characters long; at most {MediaOptions.MaxDescriptionLength} are allowed.",
                field: "description");
    }

    /// <summary>The record to change, read afresh from a shared bucket. Under the lock.</summary>
    private MediaRecord OwnedRecord(long id, long ownerId)
    {
        if (Find(id, fresh: true) is not { } record)
        {
            throw new MediaException(MediaErrorCode.NotFound, $"There is no media {id}.");
        }

        return record.OwnerId == ownerId
            ? record
            : throw new MediaException(MediaErrorCode.Forbidden, $"Media {id} belongs to another user.");
    }

    private int DeleteUnreferencedContent(IEnumerable<string> hashes)
    {
        int filesDeleted = 0;
        foreach (string hash in hashes)
        {
            lock (_gate)
            {
                // Checked under the lock that uploads pin under, so content an upload is about to use stays.
                if (!_references.ContainsKey(hash) && _content.Delete(hash))
                {
                    _verifier.Forget(hash);
                    filesDeleted++;
                }
            }
        }

        return filesDeleted;
    }

    private void CheckSafeToServe(ImageInfo image, Stream file)
    {
        long pixels = (long)image.Width * image.Height;
        if (pixels > _maxPixels)
        {
            throw new MediaException(
                MediaErrorCode.TooManyPixels,
                $"The image is {image.Width}x{image.Height} ({pixels} pixels); at most {_maxPixels} pixels are accepted.",
                field: "file");
        }

        if (ActiveContentScan.FindMarkup(file) is { } tag)
        {
            throw new MediaException(
                MediaErrorCode.ActiveContent, $"The image starts with HTML ({tag}) that a browser could run; it is refused.", field: "file");
        }
    }

    // References are counted only in a directory of its own, where this process knows every record; a shared bucket's
    // content is deleted by the expiry sweep instead (see ExpireShared).
    private void Pin(string hash, string mimeType)
    {
        if (_shared is not null)
        {
            return;
        }

        if (!_references.TryGetValue(hash, out var reference))
        {
            reference = new ContentReference(mimeType);
            _references.Add(hash, reference);
        }

        reference.Count++;
    }

    private void Unpin(string hash)
    {
        if (_shared is not null)
        {
            return;
        }

        var reference = _references[hash];
        if (--reference.Count == 0)
        {
            _references.Remove(hash);
        }
    }
}
