using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Chirp.Server.Media;

/// <summary>
/// The one bucket the media store uses, over AWSSDK.S3: the few calls it needs, each turning a failure into a
/// <see cref="MediaStorageException"/> that says what went wrong, and a missing object into null or false.
/// </summary>
/// <remarks>
/// The SDK's default checksums (a CRC trailer on every upload) are asked for only where S3 requires them: S3-compatible
/// servers do not all understand them, and the content is checked against its SHA-256 by the store anyway.
/// </remarks>
internal sealed class S3Bucket : IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _serviceUrl;

    public S3Bucket(MediaS3Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Name = options.Bucket!;
        _serviceUrl = options.ServiceUrl!;
        var config = new AmazonS3Config
        {
            ServiceURL = options.ServiceUrl,
            ForcePathStyle = options.ForcePathStyle,
            AuthenticationRegion = options.Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            MaxErrorRetry = 2,
            Timeout = TimeSpan.FromSeconds(30),
        };
        _client = new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public string Name { get; }

    /// <summary>An object's address for log lines: <c>s3://bucket/key</c>.</summary>
    public string Describe(string key) => $"s3://{Name}/{key}";

    /// <summary>Lists at most one key, which fails when the bucket is missing or the credentials are refused.</summary>
    /// <exception cref="MediaStorageException">The bucket cannot be used.</exception>
    public Task CheckAccessAsync(CancellationToken cancellationToken) =>
        CallAsync("", () => _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name, MaxKeys = 1 }, cancellationToken));

    public Task PutFileAsync(string key, string file, string contentType, CancellationToken cancellationToken) =>
        CallAsync(key, () => _client.PutObjectAsync(
            new PutObjectRequest { BucketName = Name, Key = key, FilePath = file, ContentType = contentType, UseChunkEncoding = false },
            cancellationToken));

    public void PutBytes(string key, byte[] bytes, string contentType) =>
        Run(CallAsync(key, () => _client.PutObjectAsync(
            new PutObjectRequest { BucketName = Name, Key = key, InputStream = new MemoryStream(bytes), ContentType = contentType, UseChunkEncoding = false })));

    /// <summary>The object opened for reading (dispose it), or null when there is none.</summary>
    public Task<GetObjectResponse?> TryGetAsync(string key, CancellationToken cancellationToken) =>
        CallAsync<GetObjectResponse?>(key, async () =>
        {
            try
            {
                return await _client.GetObjectAsync(new GetObjectRequest { BucketName = Name, Key = key }, cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
            {
                return null;
            }
        });

    /// <summary>The bytes of a small object, or null when there is none.</summary>
    public byte[]? TryReadAll(string key) => Run(TryReadAllAsync(key));

    public void Delete(string key) =>
        Run(CallAsync(key, () => _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = Name, Key = key })));

    /// <summary>Whether an object exists.</summary>
    public bool Exists(string key) =>
        Run(CallAsync(key, async () =>
        {
            try
            {
                await _client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = Name, Key = key }).ConfigureAwait(false);
                return true;
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
            {
                return false;
            }
        }));

    /// <summary>
    /// Copies an object (with its type) by reading it and writing it again, in memory: only damaged objects are copied
    /// (into quarantine), rarely, and at most the upload limit. Not CopyObject: S3-compatible servers differ in how they
    /// read its escaped source header.
    /// </summary>
    /// <returns>False when the source is not there.</returns>
    public bool Copy(string sourceKey, string targetKey) =>
        Run(CallAsync(sourceKey, async () =>
        {
            using var source = await TryGetAsync(sourceKey, CancellationToken.None).ConfigureAwait(false);
            if (source is null)
            {
                return false;
            }

            var bytes = new MemoryStream();
            await source.ResponseStream.CopyToAsync(bytes).ConfigureAwait(false);
            bytes.Position = 0;
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = Name, Key = targetKey, InputStream = bytes, ContentType = source.Headers.ContentType, UseChunkEncoding = false,
            }).ConfigureAwait(false);
            return true;
        }));

    /// <summary>Every object under a prefix, page by page (1,000 keys a request), as S3 lists them (by key).</summary>
    public IEnumerable<S3Object> List(string prefix)
    {
        string? continuation = null;
        do
        {
            var request = new ListObjectsV2Request { BucketName = Name, Prefix = prefix, ContinuationToken = continuation };
            var page = Run(CallAsync(prefix, () => _client.ListObjectsV2Async(request)));
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item;
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
    }

    public void Dispose() => _client.Dispose();

    // The store's record calls are synchronous (they run under its lock, as file writes did); the SDK has only
    // asynchronous calls on .NET, so those wait here. The content paths, which move the large bytes, stay asynchronous.
    private static T Run<T>(Task<T> task) => task.GetAwaiter().GetResult();

    /// <summary>The bytes of a small object, or null when there is none.</summary>
    public async Task<byte[]?> TryReadAllAsync(string key)
    {
        using var response = await TryGetAsync(key, CancellationToken.None).ConfigureAwait(false);
        if (response is null)
        {
            return null;
        }

        using var bytes = new MemoryStream();
        await CallAsync(key, async () =>
        {
            await response.ResponseStream.CopyToAsync(bytes).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return bytes.ToArray();
    }

    private async Task<T> CallAsync<T>(string key, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw new MediaStorageException(MediaStorageProblem.BucketNotFound, $"The media bucket '{Name}' does not exist at {_serviceUrl}.", ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new MediaStorageException(
                MediaStorageProblem.AccessDenied,
                $"The media bucket '{Name}' at {_serviceUrl} refused the credentials of Chirp:Media:S3 ({ex.ErrorCode}: {ex.Message}).",
                ex);
        }
        catch (AmazonServiceException ex) when (ex.StatusCode != 0)
        {
            throw new MediaStorageException(
                MediaStorageProblem.Failed, $"The media bucket failed a request for {Describe(key)}: {(int)ex.StatusCode} {ex.ErrorCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or AmazonServiceException or HttpRequestException or TaskCanceledException or IOException
            && ex is not MediaStorageException && ex is not OperationCanceledException { CancellationToken.IsCancellationRequested: true })
        {
            throw new MediaStorageException(MediaStorageProblem.Unreachable, $"The media storage at {_serviceUrl} could not be reached: {ex.Message}", ex);
        }
    }
}
