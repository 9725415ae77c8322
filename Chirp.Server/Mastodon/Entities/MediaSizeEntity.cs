namespace Chirp.Server.Mastodon;

/// <summary>The dimensions of one rendition of a media file.</summary>
public sealed record MediaSizeEntity
{
    public required int Width { get; init; }

    public required int Height { get; init; }

    /// <summary><c>{width}x{height}</c>.</summary>
    public required string Size { get; init; }

    /// <summary>Width divided by height.</summary>
    public required double Aspect { get; init; }

    /// <summary>The entity for a width and height, with <see cref="Size"/> and <see cref="Aspect"/> derived from them.</summary>
    public static MediaSizeEntity Of(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        return new MediaSizeEntity
        {
            Width = width,
            Height = height,
            Size = FormattableString.Invariant($"{width}x{height}"),
            Aspect = (double)width / height,
        };
    }
}
