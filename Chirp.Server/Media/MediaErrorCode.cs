namespace Chirp.Server.Media;

/// <summary>Why the media store refused a call. The string forms (<see cref="MediaException.Code"/>) never change once shipped.</summary>
public enum MediaErrorCode
{
    /// <summary>The bytes are not a PNG, JPEG, GIF or WebP image, whatever the client called them.</summary>
    UnsupportedMediaType,

    /// <summary>The bytes start like a supported image but are truncated, corrupt or have no (or zero) dimensions.</summary>
    InvalidImage,

    /// <summary>The image declares more pixels than <see cref="MediaOptions.MaxPixels"/>.</summary>
    TooManyPixels,

    /// <summary>The image starts with HTML a content-sniffing browser could render (a polyglot); see <c>ActiveContentScan</c>.</summary>
    ActiveContent,

    /// <summary>The upload is larger than <see cref="MediaOptions.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>An argument broke a rule, for example a description over <see cref="MediaOptions.MaxDescriptionLength"/>.</summary>
    Validation,

    /// <summary>No media has that id.</summary>
    NotFound,

    /// <summary>The media belongs to another user.</summary>
    Forbidden,

    /// <summary>The media is already attached to another status.</summary>
    AlreadyAttached,
}
