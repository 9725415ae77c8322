using System.Globalization;
using Chirp.Engine;
using Chirp.Server.Mastodon;
using Microsoft.AspNetCore.WebUtilities;

namespace Chirp.Server.Api;

/// <summary>
/// Mastodon paging: <c>max_id</c>, <c>since_id</c>, <c>min_id</c> and <c>limit</c> (default 20, at most 40, larger
/// values clamped as Mastodon does), and the <c>Link</c> header with absolute URLs and quoted rels, keeping the
/// request's other parameters; no <c>next</c> on an empty page.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 40;

    public static PageRequest Read(HttpRequest request, bool minIdSupported = true)
    {
        var query = request.Query;
        long? minId = OptionalId(query["min_id"], "min_id");
        if (minId is not null && !minIdSupported)
        {
            minId = null;
        }

        return new PageRequest
        {
            MaxId = OptionalId(query["max_id"], "max_id"),
            SinceId = OptionalId(query["since_id"], "since_id"),
            MinId = minId,
            Limit = Limit(query["limit"]),
        };
    }

    public static int Limit(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultLimit;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int limit)
            ? Math.Clamp(limit, 1, MaxLimit)
            : throw ApiException.Validation("limit", "ERR_INVALID", "limit must be a number");
    }

    /// <summary>Sets the Link header for a page whose entries run from <paramref name="newest"/> to <paramref name="oldest"/>.</summary>
    public static void SetLink(HttpContext context, long? newest, long? oldest, bool hasNext, bool withPrevious = true)
    {
        var links = new List<string>();
        if (hasNext && oldest is { } next)
        {
            links.Add($"<{Url(context, "max_id", next)}>; rel=\"next\"");
        }

        if (withPrevious && newest is { } previous)
        {
            links.Add($"<{Url(context, "min_id", previous)}>; rel=\"prev\"");
        }

        if (links.Count > 0)
        {
            context.Response.Headers.Link = string.Join(", ", links);
        }
    }

    /// <summary>Sets a Link header with only a <c>next</c> page, for a list paged by a cursor of its own.</summary>
    public static void SetNextLink(HttpContext context, string cursorName, long cursor) =>
        context.Response.Headers.Link = $"<{Url(context, cursorName, cursor)}>; rel=\"next\"";

    private static string Url(HttpContext context, string cursorName, long cursor)
    {
        var request = context.Request;
        var parameters = new List<KeyValuePair<string, string?>>();
        foreach (var (key, values) in request.Query)
        {
            if (key is not ("max_id" or "min_id" or "since_id") && key != cursorName)
            {
                parameters.AddRange(values.Select(v => new KeyValuePair<string, string?>(key, v)));
            }
        }

        parameters.Add(new(cursorName, cursor.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString($"{RequestOrigin.Of(context)}{request.PathBase}{request.Path}", parameters);
    }

    private static long? OptionalId(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : MastodonId.TryParse(value, out long id) ? id
        : throw ApiException.Validation(name, "ERR_INVALID", $"{name} must be an id");
}
