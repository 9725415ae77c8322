using System.ComponentModel.DataAnnotations;

namespace Chirp.Server.Api;

/// <summary>
/// The "Chirp:Context" section: how much of a thread <c>GET /api/v1/statuses/:id/context</c> returns to a signed-in
/// caller. Anonymous callers get Mastodon's fixed bounds (<see cref="StatusContext"/>); the rest of a thread is read
/// with <c>GET /api/v1/statuses/:id/replies</c>.
/// </summary>
public sealed class ContextOptions
{
    public const string Section = "Chirp:Context";

    /// <summary>Most ancestors, and most descendants, for a signed-in caller: Mastodon's CONTEXT_LIMIT.</summary>
    [Range(1, 4_096)]
    public int SignedInLimit { get; set; } = 4_096;

    /// <summary>
    /// Most bytes of statuses in one context response, whoever asks; statuses past it are left out (nearest ancestors
    /// and earliest descendants kept). 2 MiB holds about 1,300 typical statuses.
    /// </summary>
    [Range(4_096, 64 * 1024 * 1024)]
    public int MaxBytes { get; set; } = 2 * 1024 * 1024;
}
