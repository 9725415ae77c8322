using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>Ids in paths and parameters: decimal digits; anything else names nothing (404), as Mastodon answers.</summary>
public static class Ids
{
    public static long Parse(string? id) =>
        MastodonId.TryParse(id, out long value) && value > 0 ? value : throw ApiException.NotFound();
}
