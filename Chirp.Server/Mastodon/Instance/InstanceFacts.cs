using Chirp.Engine;

namespace Chirp.Server.Mastodon;

/// <summary>What the server knows about itself that instance metadata and NodeInfo report; the rest is fixed.</summary>
public sealed record InstanceFacts
{
    public string Title { get; init; } = "Chirp";

    public string Description { get; init; } = "A Chirp microblogging server.";

    public string ContactEmail { get; init; } = "";

    public bool RegistrationsOpen { get; init; } = true;

    public long UserCount { get; init; }

    public long StatusCount { get; init; }

    /// <summary>Users active in the last four weeks.</summary>
    public long ActiveUsersMonth { get; init; }

    /// <summary>Users active in the last six months.</summary>
    public long ActiveUsersHalfYear { get; init; }

    /// <summary>Chirp's own version, named in NodeInfo.</summary>
    public string SoftwareVersion { get; init; } = "0.1.0";

    public string SourceUrl { get; init; } = "https://example.invalid/chirp";

    public IReadOnlyList<string> Languages { get; init; } = ["en"];

    public int MaxCharacters { get; init; } = TweetText.MaxCodePoints;

    public int MaxMediaAttachments { get; init; } = TweetText.MaxMedia;

    public IReadOnlyList<string> SupportedMimeTypes { get; init; } = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    /// <summary>Bytes; the media store's default of 10 MiB (the server passes its configured limit).</summary>
    public long ImageSizeLimit { get; init; } = 10 * 1024 * 1024;

    /// <summary>Pixels; Mastodon's and the media store's default (7680 x 4320; the server passes its configured limit).</summary>
    public long ImageMatrixLimit { get; init; } = 7680 * 4320;

    /// <summary>Bytes; 0 while videos are not accepted.</summary>
    public long VideoSizeLimit { get; init; }

    public int VideoFrameRateLimit { get; init; }

    public long VideoMatrixLimit { get; init; }
}
