using System.Globalization;
using System.Text.Json;

namespace Chirp.Bench.Workload;

/// <summary>The measured operations and the cross-checks: Mastodon API requests.</summary>
public sealed partial class ChirpHttpSystem
{
    /// <summary>The API's largest page (larger limits are clamped to it).</summary>
    private const int PageLimit = 40;

    /// <inheritdoc/>
    public async ValueTask CreatePostAsync(int user, long post, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("status", text)]);
        using var response = await SendAsync(HttpMethod.Post, "/api/v1/statuses", user, content, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        using var status = await ReadJsonAsync(response).ConfigureAwait(false);
        _statuses.Add(post, StatusId(status.RootElement), reverse: true);
    }

    /// <inheritdoc/>
    public async ValueTask RetweetAsync(int user, long original, long retweet)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/statuses/{_statuses.IdOf(original)}/reblog");
        using var response = await SendAsync(HttpMethod.Post, path, user, null, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
        // The answer is the reblog: its id is the retweet's, its "reblog" the original.
        using var status = await ReadJsonAsync(response).ConfigureAwait(false);
        _statuses.Add(retweet, StatusId(status.RootElement), reverse: false);
    }

    /// <inheritdoc/>
    public async ValueTask LikeAsync(int user, long post)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/statuses/{_statuses.IdOf(post)}/favourite");
        using var response = await SendAsync(HttpMethod.Post, path, user, null, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask FollowAsync(int follower, int followee)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{_userIds[followee]}/follow");
        using var response = await SendAsync(HttpMethod.Post, path, follower, null, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask UnfollowAsync(int follower, int followee)
    {
        string path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/accounts/{_userIds[followee]}/unfollow");
        using var response = await SendAsync(HttpMethod.Post, path, follower, null, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>GET /api/v1/timelines/home?limit=n</c>, the whole body parsed; past 40 entries further pages with
    /// <c>max_id</c> while the <c>Link</c> header names a next page.
    /// </summary>
    public async ValueTask<int> ReadHomeAsync(int user, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        int count = 0;
        long? maxId = null;
        while (true)
        {
            using var response = await SendAsync(HttpMethod.Get, HomePath(Math.Min(limit - count, PageLimit), maxId), user, null, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var page = await ReadJsonAsync(response).ConfigureAwait(false);
            int items = page.RootElement.GetArrayLength();
            count += items;
            if (count >= limit || items == 0 || !HasNextPage(response))
            {
                return count;
            }

            maxId = StatusId(page.RootElement[items - 1]);
        }
    }

    /// <summary>
    /// <c>GET /api/v2/search?q=word&amp;type=statuses&amp;limit=n</c> without a token (the interface names no reader),
    /// the whole body parsed; past 40 results further pages with <c>max_id</c> while pages come back full.
    /// </summary>
    public async ValueTask<int> SearchAsync(string word, int limit)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        string query = Uri.EscapeDataString(word);
        int count = 0;
        long? maxId = null;
        while (true)
        {
            int wanted = Math.Min(limit - count, PageLimit);
            using var response = await SendAsync(HttpMethod.Get, SearchPath(query, wanted, maxId), null, null, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var results = await ReadJsonAsync(response).ConfigureAwait(false);
            var statuses = results.RootElement.GetProperty("statuses");
            int items = statuses.GetArrayLength();
            count += items;
            if (count >= limit || items < wanted)
            {
                return count;
            }

            maxId = StatusId(statuses[items - 1]);
        }
    }

    /// <summary>
    /// Pages through <c>/api/v1/timelines/home</c> (40 at a time, <c>max_id</c> from the last entry) while the
    /// <c>Link</c> header names a next page, skipping reblogs.
    /// </summary>
    public async Task<IReadOnlyList<long>> ReadHomePostsAsync(int user, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var posts = new List<long>();
        long? maxId = null;
        while (posts.Count < max)
        {
            using var response = await SendAsync(HttpMethod.Get, HomePath(PageLimit, maxId), user, null, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var page = await ReadJsonAsync(response).ConfigureAwait(false);
            int items = AddPosts(page.RootElement, posts, max);
            if (items == 0 || !HasNextPage(response))
            {
                break;
            }

            maxId = StatusId(page.RootElement[items - 1]);
        }

        return posts;
    }

    /// <summary>Pages through <c>/api/v2/search?type=statuses</c> (40 at a time, <c>max_id</c> from the last result) until a page is empty.</summary>
    public async Task<IReadOnlyList<long>> SearchPostsAsync(string word, int max)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        string query = Uri.EscapeDataString(word);
        var posts = new List<long>();
        long? maxId = null;
        while (posts.Count < max)
        {
            using var response = await SendAsync(HttpMethod.Get, SearchPath(query, PageLimit, maxId), null, null, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            using var results = await ReadJsonAsync(response).ConfigureAwait(false);
            var statuses = results.RootElement.GetProperty("statuses");
            int items = AddPosts(statuses, posts, max);
            if (items == 0)
            {
                break;
            }

            maxId = StatusId(statuses[items - 1]);
        }

        return posts;
    }

    private static string HomePath(int limit, long? maxId) => maxId is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"/api/v1/timelines/home?limit={limit}&max_id={id}")
        : string.Create(CultureInfo.InvariantCulture, $"/api/v1/timelines/home?limit={limit}");

    private static string SearchPath(string escapedQuery, int limit, long? maxId) => maxId is { } id
        ? string.Create(CultureInfo.InvariantCulture, $"/api/v2/search?q={escapedQuery}&type=statuses&limit={limit}&max_id={id}")
        : string.Create(CultureInfo.InvariantCulture, $"/api/v2/search?q={escapedQuery}&type=statuses&limit={limit}");

    /// <summary>Adds the post numbers of a page's statuses that are not reblogs, up to <paramref name="max"/>; returns the page's length.</summary>
    private int AddPosts(JsonElement statuses, List<long> posts, int max)
    {
        foreach (var status in statuses.EnumerateArray())
        {
            if (posts.Count >= max)
            {
                break;
            }

            if (status.GetProperty("reblog").ValueKind != JsonValueKind.Null)
            {
                continue;
            }

            // -1 for a status not (yet) mapped: one whose create has not returned to its caller, or one that is not the
            // workload's; the cross-check counts it as a difference.
            posts.Add(_statuses.TryGetNumber(StatusId(status), out long number) ? number : -1);
        }

        return statuses.GetArrayLength();
    }
}
