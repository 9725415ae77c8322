using System.Globalization;

namespace Chirp.Server.Media;

/// <summary>
/// Content in the bucket: one object per content, <c>content/{sha256 hex}</c>, with its MIME type as the object's
/// Content-Type (so a node that never saw the upload knows how to serve it). Damaged objects are copied to
/// <c>quarantine/content/</c> and then deleted.
/// </summary>
internal sealed class S3ContentStorage(S3Bucket bucket) : IMediaContentStorage
{
    private const string Prefix = "content/";

    public string Describe(string hash) => bucket.Describe(KeyOf(hash));

    /// <summary>
    /// Uploads the bytes even when the object exists: the bytes are the same, and the fresh write time tells another
    /// node's expiry, which deletes only unused content older than a grace period, that this content is in use again.
    /// </summary>
    public Task InstallAsync(string stagedFile, string hash, string mimeType, CancellationToken cancellationToken) =>
        bucket.PutFileAsync(KeyOf(hash), stagedFile, mimeType, cancellationToken);

    public async Task<StoredContent?> TryOpenAsync(string hash, CancellationToken cancellationToken)
    {
        var response = await bucket.TryGetAsync(KeyOf(hash), cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        // The stream keeps the response's connection; disposing it (the store or the HTTP response does) releases it.
        return new StoredContent(
            new KnownLengthStream(response.ResponseStream, response.ContentLength), response.ContentLength, response.ETag ?? "", response.Headers.ContentType, CanRewind: false);
    }

    public bool Delete(string hash)
    {
        if (!bucket.Exists(KeyOf(hash)))
        {
            return false;
        }

        bucket.Delete(KeyOf(hash));
        return true;
    }

    public IEnumerable<(string Hash, DateTimeOffset LastWrite)> Enumerate() =>
        bucket.List(Prefix)
            .Select(item => (Hash: item.Key[Prefix.Length..], LastWrite: new DateTimeOffset(DateTime.SpecifyKind(item.LastModified ?? DateTime.MinValue, DateTimeKind.Utc))))
            .Where(item => ContentHash.IsValid(item.Hash));

    public string? Quarantine(string hash)
    {
        string key = KeyOf(hash);
        string target = $"quarantine/content/{hash}.{DateTime.UtcNow.ToString("yyyyMMddTHHmmssZ", CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}";
        if (!bucket.Copy(key, target))
        {
            // Another node or request found it damaged first and moved it.
            return null;
        }

        bucket.Delete(key);
        return bucket.Describe(target);
    }

    public bool CopyTo(string hash, string targetFile)
    {
        using var content = TryOpenAsync(hash, CancellationToken.None).GetAwaiter().GetResult();
        if (content is null)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(targetFile)!);
        using var file = new FileStream(targetFile, FileMode.CreateNew, FileAccess.Write);
        content.Stream.CopyTo(file);
        file.Flush(flushToDisk: true);
        return true;
    }

    private static string KeyOf(string hash) => Prefix + hash;
}
