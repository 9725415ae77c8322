namespace Chirp.Server.Media;

/// <summary>
/// The storage under the media store (an S3 bucket) refused or failed a request. At open it stops the server with this
/// message; on a request the API answers 503 <c>media_storage_unavailable</c>, and the hourly expiry tries again later.
/// It is an <see cref="IOException"/>, as a failing disk would be.
/// </summary>
public sealed class MediaStorageException(MediaStorageProblem problem, string message, Exception? innerException = null)
    : IOException(message, innerException)
{
    public MediaStorageProblem Problem { get; } = problem;

    /// <summary>The stable snake_case code, for example <c>bucket_not_found</c> or <c>access_denied</c>.</summary>
    public string Code => Problem switch
    {
        MediaStorageProblem.BucketNotFound => "bucket_not_found",
        MediaStorageProblem.AccessDenied => "access_denied",
        MediaStorageProblem.Unreachable => "unreachable",
        _ => "failed",
    };
}
