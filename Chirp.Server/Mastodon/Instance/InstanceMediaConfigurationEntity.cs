namespace Chirp.Server.Mastodon;

/// <summary>Upload limits, which clients check before uploading.</summary>
public sealed record InstanceMediaConfigurationEntity
{
    public required IReadOnlyList<string> SupportedMimeTypes { get; init; }

    /// <summary>Bytes.</summary>
    public required long ImageSizeLimit { get; init; }

    /// <summary>Pixels (width times height).</summary>
    public required long ImageMatrixLimit { get; init; }

    /// <summary>Bytes; 0 when videos are not accepted.</summary>
    public required long VideoSizeLimit { get; init; }

    public required int VideoFrameRateLimit { get; init; }

    /// <summary>Pixels (width times height).</summary>
    public required long VideoMatrixLimit { get; init; }
}
