namespace Chirp.Server.Media;

/// <summary>One upload: who sent it, which stored content it is, and the status it was attached to, if any.</summary>
/// <param name="Id">A time-ordered Snowflake id (decimal digits as a string).</param>
/// <param name="OwnerId">The account that uploaded it; only it may describe or attach it.</param>
/// <param name="ContentHash">The lowercase hex SHA-256 of the bytes: the content's name in the store.</param>
/// <param name="MimeType">The type read from the bytes, one of <see cref="ImageFormats.MimeTypeOf"/>.</param>
/// <param name="ByteSize">The content's length in bytes.</param>
/// <param name="Width">The width in pixels, read from the bytes.</param>
/// <param name="Height">The height in pixels, read from the bytes.</param>
/// <param name="Description">The alt text, or null.</param>
/// <param name="CreatedAt">When the upload was stored; unattached uploads expire counting from it.</param>
/// <param name="AttachedStatusId">The status the media is attached to; null while unattached (and expiring).</param>
/// <param name="AttachedRequestId">The request (an Idempotency-Key) whose post attached it, so a retry of that post may name it again.</param>
public sealed record MediaRecord(
    long Id,
    long OwnerId,
    string ContentHash,
    string MimeType,
    long ByteSize,
    int Width,
    int Height,
    string? Description,
    DateTimeOffset CreatedAt,
    long? AttachedStatusId,
    Guid? AttachedRequestId = null);
