using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Media;

/// <summary>The "Chirp:Media" configuration section: upload limits (advertised by the instance endpoints), how long unattached uploads are kept, and where media are stored (<see cref="S3"/>).</summary>
public sealed class MediaOptions : IValidatableObject
{
    public const string Section = "Chirp:Media";

    /// <summary>The longest description (alt text), counted in Unicode characters (code points) as Mastodon counts it.</summary>
    public const int MaxDescriptionLength = 1_500;

    /// <summary>The largest upload accepted, in bytes (10 MiB by default, at most 1 GiB).</summary>
    [Range(typeof(long), "1", "1073741824")]
    public long MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The most pixels (width x height) an image may declare: Mastodon's default of 7680 x 4320 (33,177,600), advertised
    /// as <c>image_matrix_limit</c>. A small file can declare a huge canvas; anything that decodes it would allocate it.
    /// </summary>
    [Range(typeof(long), "1", "4294967296")]
    public long MaxPixels { get; set; } = 7680 * 4320;

    /// <summary>How long an upload that no status uses is kept before <see cref="MediaStore.ExpireUnattached(DateTimeOffset)"/> deletes it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan UnattachedExpiry { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Where content and records live when not in the local directory (the "Chirp:Media:S3" section); unset by default.</summary>
    public MediaS3Options S3 { get; set; } = new();

    /// <summary>Checks the values against the same rules the host's options validation uses.</summary>
    /// <exception cref="ValidationException">A value is out of range.</exception>
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);

    /// <summary>Validates <see cref="S3"/>, which the attribute validation does not enter.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(S3, new ValidationContext(S3), results, validateAllProperties: true);
        return results;
    }
}
