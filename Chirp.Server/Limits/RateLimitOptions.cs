using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Limits;

/// <summary>
/// The "Chirp:RateLimits" section: requests per client address, and per user the actions that write (statuses,
/// replies, edits, favourites, reblogs, follows, media uploads); sign-ups and upload bytes per address too. Each
/// setting names its window; the defaults follow Mastodon's where it has one.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Chirp:RateLimits";

    /// <summary>Requests under /api and /oauth per client address.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerIpPerMinute { get; set; } = 1_000;

    /// <summary>Requests for media content (/media/...) per client address: a page of a timeline loads many images.</summary>
    [Range(1, 10_000_000)]
    public int MediaRequestsPerIpPerMinute { get; set; } = 3_000;

    [Range(1, 1_000_000)]
    public int StatusesPerUserPerMinute { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int RepliesPerUserPerMinute { get; set; } = 20;

    [Range(1, 1_000_000)]
    public int EditsPerUserPerMinute { get; set; } = 10;

    /// <summary>Favourites and unfavourites together.</summary>
    [Range(1, 1_000_000)]
    public int FavouritesPerUserPerMinute { get; set; } = 30;

    /// <summary>Reblogs and unreblogs together.</summary>
    [Range(1, 1_000_000)]
    public int ReblogsPerUserPerMinute { get; set; } = 30;

    /// <summary>Follows and unfollows together (Mastodon: 400 follows a day).</summary>
    [Range(1, 1_000_000)]
    public int FollowsPerUserPerDay { get; set; } = 400;

    /// <summary>Media uploads (Mastodon: 30 in 30 minutes).</summary>
    [Range(1, 1_000_000)]
    public int MediaUploadsPerUserPer30Minutes { get; set; } = 30;

    /// <summary>Bytes of stored uploads per user, in MiB; unattached uploads are kept a day, so this bounds a user's disk use.</summary>
    [Range(1, 2_047)]
    public int MediaMiBPerUserPerHour { get; set; } = 500;

    /// <summary>Bytes of stored uploads per client address, in MiB, whichever accounts upload them.</summary>
    [Range(1, 2_047)]
    public int MediaMiBPerIpPerHour { get; set; } = 1_024;

    /// <summary>Sign-ups per client address (Mastodon: 5 in 30 minutes).</summary>
    [Range(1, 1_000_000)]
    public int SignUpsPerIpPer30Minutes { get; set; } = 5;
}
