namespace Chirp.Server.Mastodon;

/// <summary>The <c>meta</c> of a media attachment: the sizes clients use to lay out before the file loads.</summary>
public sealed record MediaMetaEntity
{
    public required MediaSizeEntity? Original { get; init; }

    public MediaSizeEntity? Small { get; init; }
}
