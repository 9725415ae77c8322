namespace Chirp.Server.Mastodon;

/// <summary>The image that represents the instance in V2 metadata.</summary>
public sealed record InstanceThumbnailEntity
{
    public required string Url { get; init; }

    public string? Blurhash { get; init; }

    /// <summary>High-DPI renditions (keys <c>@1x</c>, <c>@2x</c>); null when there are none.</summary>
    public IReadOnlyDictionary<string, string>? Versions { get; init; }
}
