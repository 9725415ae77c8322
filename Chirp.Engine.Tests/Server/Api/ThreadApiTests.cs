using System.Text.Json;
using System.Text.RegularExpressions;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>
/// Thread reads under hostile sizes: the context is bounded as Mastodon bounds it (and in bytes), replies and edit
/// history page. Threads are built through the engine, past the posting rate limits.
/// </summary>
public sealed partial class ThreadApiTests : TwoUserServerTest
{
    private long AnnId => Server.Engine.GetAccountByUsername("ann")!.Id;

    [Fact]
    public async Task Anonymous_context_holds_the_60_oldest_of_more_replies_and_signed_in_context_holds_all()
    {
        var (root, replies) = await RootWithRepliesAsync(Server, 70);

        var anonymous = await ContextAsync(Server.Client, root);
        var signedIn = await ContextAsync(Bob, root);

        Assert.Equal(replies.Take(60), Ids(anonymous, "descendants"));
        Assert.Equal(replies, Ids(signedIn, "descendants"));
    }

    [Fact]
    public async Task Anonymous_context_reaches_20_levels_down_and_40_ancestors_up_and_signed_in_context_the_whole_chain()
    {
        long root = (await Server.Engine.CreateTweetAsync(AnnId, "root")).Id;
        var chain = new List<long> { root };
        for (int i = 0; i < 45; i++)
        {
            chain.Add((await Server.Engine.CreateReplyAsync(AnnId, chain[^1], $"level {i + 1}")).Id);
        }

        Assert.Equal(chain.Skip(1).Take(20), Ids(await ContextAsync(Server.Client, root), "descendants"));
        Assert.Equal(chain.Skip(1), Ids(await ContextAsync(Bob, root), "descendants"));
        Assert.Equal(chain.Skip(5).Take(40), Ids(await ContextAsync(Server.Client, chain[^1]), "ancestors"));
        Assert.Equal(chain.Take(45), Ids(await ContextAsync(Bob, chain[^1]), "ancestors"));
    }

    [Fact]
    public async Task Descendants_come_depth_first_with_each_status_replies_oldest_first()
    {
        long root = (await Server.Engine.CreateTweetAsync(AnnId, "root")).Id;
        long a = (await Server.Engine.CreateReplyAsync(AnnId, root, "a")).Id;
        long b = (await Server.Engine.CreateReplyAsync(AnnId, root, "b")).Id;
        long a1 = (await Server.Engine.CreateReplyAsync(AnnId, a, "a1")).Id;
        long b1 = (await Server.Engine.CreateReplyAsync(AnnId, b, "b1")).Id;
        long a2 = (await Server.Engine.CreateReplyAsync(AnnId, a, "a2")).Id;
        long a11 = (await Server.Engine.CreateReplyAsync(AnnId, a1, "a11")).Id;

        Assert.Equal([a, a1, a11, a2, b, b1], Ids(await ContextAsync(Server.Client, root), "descendants"));
    }

    [Fact]
    public async Task Context_of_a_status_with_a_thousand_replies_reads_a_bounded_number_of_them()
    {
        var (root, _) = await RootWithRepliesAsync(Server, 1000);
        // Indexing, fanout and the outbox read tweets too: they finish first, so only the context is counted.
        await Server.Engine.FlushOutboxAsync();
        await Server.Engine.WaitForFanoutAsync();
        await Server.Engine.WaitForSearchAsync();
        long before = TweetLookups();

        Assert.Equal(60, Ids(await ContextAsync(Server.Client, root), "descendants").Count);

        // Each listed status costs a few lookups (reply page, status, its author's view); listing 60 of them must not
        // come near reading all 1,000 replies, as loading every direct reply first did.
        Assert.InRange(TweetLookups() - before, 60, 600);
    }

    [Fact]
    public async Task Signed_in_context_stops_at_the_configured_count_and_byte_budget()
    {
        await using var counted = await StartAsync(null, "--Chirp:Context:SignedInLimit", "25");
        var (countedRoot, countedReplies) = await RootWithRepliesAsync(counted, 30);
        using var reader = counted.ClientWithToken(await counted.SignUpAsync("reader"));
        Assert.Equal(countedReplies.Take(25), Ids(await ContextAsync(reader, countedRoot), "descendants"));

        await using var small = await StartAsync(null, "--Chirp:Context:MaxBytes", "8192");
        var (root, replies) = await RootWithRepliesAsync(small, 30);
        using var client = small.ClientWithToken(await small.SignUpAsync("reader"));
        var response = await client.GetAsync($"/api/v1/statuses/{root}/context");
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.InRange(body.Length, 1, 8192);
        var shown = Ids(JsonDocument.Parse(body).RootElement, "descendants");
        Assert.InRange(shown.Count, 1, 29);
        Assert.Equal(replies.Take(shown.Count), shown);
    }

    [Fact]
    public async Task Replies_endpoint_pages_newest_first_through_every_reply_with_link_headers()
    {
        var (root, replies) = await RootWithRepliesAsync(Server, 50);
        var seen = new List<long>();
        string? url = $"/api/v1/statuses/{root}/replies?limit=20";
        while (url is not null)
        {
            var response = await Server.Client.GetAsync(url);
            var page = await ReadJsonAsync(response, 200);
            seen.AddRange(page.EnumerateArray().Select(s => long.Parse(s.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
            url = NextLink(response);
        }

        Assert.Equal(Enumerable.Reverse(replies), seen);
        await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/statuses/12345/replies"), 404);
        await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{root}/replies?max_id=x"), 422);
    }

    [Fact]
    public async Task History_of_a_much_edited_status_holds_the_newest_40_versions_and_pages_to_the_rest()
    {
        long id = (await Server.Engine.CreateTweetAsync(AnnId, "version 0")).Id;
        for (int i = 1; i <= 45; i++)
        {
            await Server.Engine.EditTweetAsync(AnnId, id, $"version {i}");
        }

        var first = await Server.Client.GetAsync($"/api/v1/statuses/{id}/history");
        var newest = Texts(await ReadJsonAsync(first, 200));
        Assert.Equal(Enumerable.Range(6, 40).Select(v => $"version {v}"), newest);

        string next = NextLink(first)!;
        Assert.Contains("max_version=6", next);
        var second = await Server.Client.GetAsync(next);
        Assert.Equal(Enumerable.Range(0, 6).Select(v => $"version {v}"), Texts(await ReadJsonAsync(second, 200)));
        Assert.Null(NextLink(second));
        await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{id}/history?max_version=-1"), 422);
    }

    private static async Task<(long Root, List<long> Replies)> RootWithRepliesAsync(RunningServer server, int count)
    {
        var author = server.Engine.GetAccountByUsername("ann") ?? await server.Engine.CreateAccountAsync(new NewAccount("ann", "ann@example.com", "Ann", ""));
        long root = (await server.Engine.CreateTweetAsync(author.Id, "root")).Id;
        var replies = new List<long>(count);
        for (int i = 0; i < count; i++)
        {
            replies.Add((await server.Engine.CreateReplyAsync(author.Id, root, $"reply {i}")).Id);
        }

        return (root, replies);
    }

    private static async Task<JsonElement> ContextAsync(HttpClient client, long id) =>
        await ReadJsonAsync(await client.GetAsync($"/api/v1/statuses/{id}/context"), 200);

    private static List<long> Ids(JsonElement context, string list) =>
        [.. context.GetProperty(list).EnumerateArray().Select(s => long.Parse(s.GetProperty("id").GetString()!, System.Globalization.CultureInfo.InvariantCulture))];

    private static List<string> Texts(JsonElement history) =>
        [.. history.EnumerateArray().Select(v => Regex.Replace(v.GetProperty("content").GetString()!, "<[^>]+>", ""))];

    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var values) && NextRel().Match(string.Join(",", values)) is { Success: true } match
            ? match.Groups[1].Value
            : null;

    private long TweetLookups() =>
        Server.Engine.GetCacheStatistics().Single(c => c.Name == "tweets") is var t ? t.Hits + t.Misses : 0;

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextRel();
}
