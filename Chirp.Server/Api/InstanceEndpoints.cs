using Chirp.Server.Mastodon;
using Chirp.Server.Media;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Api;

/// <summary>
/// Instance metadata and NodeInfo, plus the calls GUI clients make at startup for features Chirp does not have
/// (notifications, lists, filters, markers, announcements, custom emojis, follow requests, preferences): they answer
/// with an empty list or object, which is the truth here, rather than a 404 that clients treat as a broken server.
/// </summary>
public static class InstanceEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/v1/instance", (HttpContext c) => MastodonResults.Json(InstanceMapper.ToInstanceV1(RequestOrigin.Urls(c), Facts(c))));
        app.MapGet("/api/v2/instance", (HttpContext c) => MastodonResults.Json(InstanceMapper.ToInstance(RequestOrigin.Urls(c), Facts(c))));
        app.MapGet("/.well-known/nodeinfo", (HttpContext c) => MastodonResults.Json(InstanceMapper.ToNodeInfoDiscovery(RequestOrigin.Urls(c))));
        app.MapGet("/nodeinfo/2.0", (HttpContext c) => MastodonResults.Json(InstanceMapper.ToNodeInfo(Facts(c))));
        foreach (string path in new[] { "/api/v1/notifications", "/api/v1/custom_emojis", "/api/v1/lists", "/api/v1/filters", "/api/v2/filters", "/api/v1/announcements", "/api/v1/follow_requests" })
        {
            app.MapGet(path, () => MastodonResults.Json(Array.Empty<object>()));
        }

        app.MapGet("/api/v1/markers", () => MastodonResults.Json(new Dictionary<string, object>()));
        app.MapGet("/api/v1/preferences", () => MastodonResults.Json(new Dictionary<string, object?>
        {
            ["posting:default:visibility"] = "public",
            ["posting:default:sensitive"] = false,
            ["posting:default:language"] = null,
            ["reading:expand:media"] = "default",
            ["reading:expand:spoilers"] = false,
        }));
    }

    /// <summary>
    /// The media limits the store enforces, so clients scale images to what will be accepted; the counts are the
    /// engine's running totals (one read per shard), so every client's startup call stays cheap. Active users are not
    /// tracked by month, so those stay 0.
    /// </summary>
    private static InstanceFacts Facts(HttpContext context)
    {
        var media = context.RequestServices.GetRequiredService<IOptions<MediaOptions>>().Value;
        var counts = context.RequestServices.GetRequiredService<EngineHost>().Engine.GetCounts();
        return new()
        {
            SoftwareVersion = "0.2.0",
            SourceUrl = "https://example.invalid/chirp",
            ImageSizeLimit = media.MaxBytes,
            ImageMatrixLimit = media.MaxPixels,
            UserCount = counts.Accounts,
            StatusCount = counts.Statuses,
        };
    }
}
