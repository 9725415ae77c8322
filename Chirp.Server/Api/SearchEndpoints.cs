using System.Globalization;
using Chirp.Engine;
using Chirp.Server.Auth;

namespace Chirp.Server.Api;

/// <summary>
/// <c>GET /api/v2/search</c>: accounts, statuses and hashtags (always all three keys). Statuses come from the Lucene
/// search, newest first, paged with <c>max_id</c>; <c>offset</c> is honoured by walking cursors (at most 40 further).
/// </summary>
public static class SearchEndpoints
{
    private const int MaxOffset = 200;

    public static void Map(WebApplication app) => app.MapGet("/api/v2/search", Search);

    private static IResult Search(HttpContext context, EngineHost host)
    {
        var query = context.Request.Query;
        string q = query["q"].ToString();
        if (string.IsNullOrWhiteSpace(q))
        {
            throw ApiException.Missing("q");
        }

        string? type = query["type"];
        if (type is not (null or "" or "accounts" or "statuses" or "hashtags"))
        {
            throw ApiException.Validation("type", "ERR_INCLUSION", "type must be accounts, statuses or hashtags");
        }

        int limit = Paging.Limit(query["limit"]);
        int offset = string.IsNullOrEmpty(query["offset"]) ? 0
            : int.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out int parsed) && parsed <= MaxOffset ? parsed
            : throw ApiException.Validation("offset", "ERR_INVALID", $"offset must be a number up to {MaxOffset}");
        var engine = host.Engine;
        long? reader = context.User.UserId();
        bool all = string.IsNullOrEmpty(type);
        IReadOnlyList<Account> accounts = all || type == "accounts" ? Prefixed(n => engine.SearchAccounts(q, n), limit, offset) : [];
        IReadOnlyList<HashtagUsage> hashtags = all || type == "hashtags" ? Prefixed(n => engine.SearchHashtags(q, n), limit, offset) : [];
        IReadOnlyList<TimelineItem> statuses = all || type == "statuses" ? Statuses(engine, q, query["max_id"], limit, offset, reader) : [];
        return MastodonResults.Json(Mappers.For(context, host).ToSearchResults(accounts, statuses, hashtags));
    }

    /// <summary>
    /// One page of a prefix search, after <paramref name="offset"/>; a query that is no valid prefix (spaces,
    /// punctuation) finds nothing rather than failing the whole search.
    /// </summary>
    private static List<T> Prefixed<T>(Func<int, IReadOnlyList<T>> search, int limit, int offset)
    {
        try
        {
            return [.. search(Math.Min(ChirpEngine.MaxSearchLimit, offset + limit)).Skip(offset).Take(limit)];
        }
        catch (ChirpException e) when (e.ErrorCode == ChirpErrorCode.Validation)
        {
            return [];
        }
    }

    private static List<TimelineItem> Statuses(ChirpEngine engine, string q, string? maxId, int limit, int offset, long? reader)
    {
        var request = new SearchRequest { Limit = limit, ReaderId = reader, Cursor = string.IsNullOrEmpty(maxId) ? null : maxId };
        while (offset > 0)
        {
            // A page that has a next cursor consumed exactly as many hits as it asked for.
            int skip = Math.Min(offset, ChirpEngine.MaxSearchLimit);
            var skipped = engine.SearchTweets(q, request with { Limit = skip });
            if (skipped.NextCursor is null)
            {
                return [];
            }

            offset -= skip;
            request = request with { Cursor = skipped.NextCursor };
        }

        return [.. engine.SearchTweets(q, request).Items];
    }
}
