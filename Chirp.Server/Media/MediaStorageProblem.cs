namespace Chirp.Server.Media;

/// <summary>Why the storage under the media store (an S3 bucket) failed a request. The string forms never change once shipped.</summary>
public enum MediaStorageProblem
{
    /// <summary>The configured bucket does not exist.</summary>
    BucketNotFound,

    /// <summary>The credentials were refused (an unknown access key, a wrong secret) or lack a permission.</summary>
    AccessDenied,

    /// <summary>The storage could not be reached or did not answer in time.</summary>
    Unreachable,

    /// <summary>The storage answered with another error.</summary>
    Failed,
}
