using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Media;

/// <summary>
/// The "Chirp:Media:S3" configuration section: an S3-compatible bucket that holds the media content and records instead
/// of the local directory, so that every node of a cluster sees every upload. Unset (no <see cref="ServiceUrl"/> and no
/// <see cref="Bucket"/>), the local directory is used, as on a single node.
/// </summary>
public sealed class MediaS3Options : IValidatableObject
{
    /// <summary>The S3 endpoint, for example <c>https://s3.eu-central-1.amazonaws.com</c> or a MinIO address.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The bucket; it must exist (the server does not create it).</summary>
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "The Bucket must be an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens).")]
    public string? Bucket { get; set; }

    /// <summary>The access key id.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The secret access key.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The region the requests are signed for; most S3-compatible servers accept the default.</summary>
    [Required]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Path-style addresses (<c>host/bucket/key</c>) rather than virtual hosts (<c>bucket.host/key</c>); most S3-compatible servers need them.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>
    /// How long a node answers reads of an upload's record (its description, whether it is attached) from its memory
    /// before it asks the bucket again. Changes (attach, describe) always read the bucket first. 0 reads it every time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecordCacheLifetime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most records a node keeps in memory; older ones are dropped first and read again when asked for.</summary>
    [Range(100, 10_000_000)]
    public int RecordCacheEntries { get; set; } = 100_000;

    /// <summary>Whether the bucket is to be used: a service URL or a bucket is set (and then all of them must be).</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ServiceUrl) || !string.IsNullOrWhiteSpace(Bucket)
        || !string.IsNullOrWhiteSpace(AccessKey) || !string.IsNullOrWhiteSpace(SecretKey);

    /// <summary>A half-configured bucket is refused, naming every missing setting, rather than falling back to the local directory.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        foreach (var (name, value) in new[] { (nameof(ServiceUrl), ServiceUrl), (nameof(Bucket), Bucket), (nameof(AccessKey), AccessKey), (nameof(SecretKey), SecretKey) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                yield return new ValidationResult(
                    $"Chirp:Media:S3:{name} is missing: the S3 media backend needs ServiceUrl, Bucket, AccessKey and SecretKey (or none of them, for the local directory).",
                    [name]);
            }
        }

        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && (!Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"Chirp:Media:S3:ServiceUrl must be an absolute http(s) address, not '{ServiceUrl}'.", [nameof(ServiceUrl)]);
        }
    }
}
