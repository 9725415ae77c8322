namespace Chirp.Server.Media;

/// <summary>
/// The one exception type the media store throws for a refused call; when it is thrown, nothing was stored or changed.
/// Branch on <see cref="ErrorCode"/>; show <see cref="Code"/> to machines and <see cref="Exception.Message"/> to people.
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(MediaErrorCode errorCode, string message, string? field = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Field = field;
    }

    public MediaErrorCode ErrorCode { get; }

    /// <summary>The stable snake_case code, for example <c>unsupported_media_type</c> or <c>too_large</c>.</summary>
    public string Code => CodeOf(ErrorCode);

    /// <summary>For validation errors, the offending argument (for example <c>description</c>).</summary>
    public string? Field { get; }

    /// <summary>The HTTP status an endpoint should answer with (422 where Mastodon answers 422 for a refused value).</summary>
    public int HttpStatusCode => ErrorCode switch
    {
        MediaErrorCode.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        MediaErrorCode.TooLarge => StatusCodes.Status413PayloadTooLarge,
        MediaErrorCode.NotFound => StatusCodes.Status404NotFound,
        MediaErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status422UnprocessableEntity,
    };

    public static string CodeOf(MediaErrorCode code) => code switch
    {
        MediaErrorCode.UnsupportedMediaType => "unsupported_media_type",
        MediaErrorCode.InvalidImage => "invalid_image",
        MediaErrorCode.TooLarge => "too_large",
        MediaErrorCode.TooManyPixels => "too_many_pixels",
        MediaErrorCode.ActiveContent => "active_content",
        MediaErrorCode.Validation => "validation_failed",
        MediaErrorCode.NotFound => "not_found",
        MediaErrorCode.Forbidden => "forbidden",
        MediaErrorCode.AlreadyAttached => "already_attached",
        _ => "error",
    };
}
