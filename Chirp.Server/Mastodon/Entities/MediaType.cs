namespace Chirp.Server.Mastodon;

/// <summary>The kind of a media attachment, written in snake_case (<c>image</c>, <c>gifv</c>...).</summary>
public enum MediaType
{
    Unknown,
    Image,
    Gifv,
    Video,
    Audio,
}
