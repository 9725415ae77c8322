using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed partial class StatusApiTests : TwoUserServerTest
{

    private async Task<JsonElement> PostAsync(HttpClient client, string text, string? replyTo = null) =>
        await ReadJsonAsync(await client.PostAsJsonAsync("/api/v1/statuses", new { status = text, in_reply_to_id = replyTo }), 200);

    [Fact]
    public async Task A_posted_status_has_the_wire_shape_and_linked_html_content()
    {
        var status = await PostAsync(Ann, "Hello #Chirp <b>world</b> @bob https://example.com/x?a=1&b=2");

        Assert.Equal(JsonValueKind.String, status.GetProperty("id").ValueKind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", status.GetProperty("created_at").GetString()!);
        string content = status.GetProperty("content").GetString()!;
        Assert.DoesNotContain("<b>", content);
        Assert.Contains("&lt;b&gt;", content);
        Assert.Contains("/tags/chirp", content);
        Assert.Contains("href=\"https://example.com/x?a=1&amp;b=2\"", content);
        Assert.Equal("bob", status.GetProperty("mentions")[0].GetProperty("username").GetString());
        Assert.Equal("chirp", status.GetProperty("tags")[0].GetProperty("name").GetString());
        Assert.False(status.GetProperty("favourited").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("in_reply_to_id").ValueKind);
        Assert.Equal("ann", status.GetProperty("account").GetProperty("acct").GetString());
    }

    [Fact]
    public async Task Only_the_author_edits_or_deletes_and_delete_returns_the_text()
    {
        string id = (await PostAsync(Ann, "original text")).GetProperty("id").GetString()!;

        await ReadJsonAsync(await Bob.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "hijacked" }), 403);
        await ReadJsonAsync(await Bob.DeleteAsync($"/api/v1/statuses/{id}"), 403);
        var edited = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "edited text" }), 200);
        Assert.Contains("edited text", edited.GetProperty("content").GetString());
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("edited_at").ValueKind);
        var history = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{id}/history"), 200);
        Assert.Equal(2, history.GetArrayLength());

        var deleted = await ReadJsonAsync(await Ann.DeleteAsync($"/api/v1/statuses/{id}"), 200);
        Assert.Equal("edited text", deleted.GetProperty("text").GetString());
        await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{id}"), 404);
    }

    [Fact]
    public async Task Favourite_and_reblog_set_the_flags_and_counts()
    {
        string id = (await PostAsync(Ann, "like me")).GetProperty("id").GetString()!;

        var favourited = await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{id}/favourite", null), 200);
        Assert.True(favourited.GetProperty("favourited").GetBoolean());
        Assert.Equal(1, favourited.GetProperty("favourites_count").GetInt32());
        var reblog = await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{id}/reblog", null), 200);
        Assert.Equal(id, reblog.GetProperty("reblog").GetProperty("id").GetString());
        Assert.True(reblog.GetProperty("reblog").GetProperty("reblogged").GetBoolean());
        var undone = await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{id}/unfavourite", null), 200);
        Assert.False(undone.GetProperty("favourited").GetBoolean());
        await ReadJsonAsync(await Bob.PostAsync("/api/v1/statuses/999999/favourite", null), 404);
    }

    [Fact]
    public async Task Replies_show_in_the_context_both_ways()
    {
        string root = (await PostAsync(Ann, "root")).GetProperty("id").GetString()!;
        string reply = (await PostAsync(Bob, "reply", root)).GetProperty("id").GetString()!;
        string nested = (await PostAsync(Ann, "nested", reply)).GetProperty("id").GetString()!;

        var context = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{reply}/context"), 200);
        Assert.Equal([root], context.GetProperty("ancestors").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal([nested], context.GetProperty("descendants").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        var top = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{root}/context"), 200);
        Assert.Equal([reply, nested], top.GetProperty("descendants").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task The_home_timeline_pages_through_link_headers_without_skipping_or_repeating()
    {
        var bobId = (await ReadJsonAsync(await Bob.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString();
        var relationship = await ReadJsonAsync(await Ann.PostAsync($"/api/v1/accounts/{bobId}/follow", null), 200);
        Assert.True(relationship.GetProperty("following").GetBoolean());
        var posted = new List<string>();
        for (int i = 0; i < 11; i++)
        {
            posted.Add((await PostAsync(i % 2 == 0 ? Bob : Ann, $"post {i}")).GetProperty("id").GetString()!);
        }

        await Server.Engine.WaitForFanoutAsync();
        var walked = new List<string>();
        string? url = "/api/v1/timelines/home?limit=4";
        int pages = 0;
        while (url is not null)
        {
            var response = await Ann.GetAsync(url);
            var page = await ReadJsonAsync(response, 200);
            walked.AddRange(page.EnumerateArray().Select(s => s.GetProperty("id").GetString()!));
            string? link = response.Headers.TryGetValues("Link", out var values) ? string.Join(",", values) : null;
            url = link is null ? null : NextLink().Match(link) is { Success: true } next ? next.Groups[1].Value : null;
            if (url is not null)
            {
                Assert.StartsWith(Server.BaseAddress.ToString().TrimEnd('/'), url);
                Assert.Contains("limit=4", url);
            }

            pages++;
        }

        Assert.True(pages >= 3);
        Assert.Equal(Enumerable.Reverse(posted), walked);
    }

    [Fact]
    public async Task Search_finds_statuses_accounts_and_hashtags()
    {
        string id = (await PostAsync(Ann, "searching for #needles in haystacks")).GetProperty("id").GetString()!;
        await Server.Engine.WaitForSearchAsync();

        var result = await ReadJsonAsync(await Bob.GetAsync("/api/v2/search?q=needles"), 200);
        Assert.Equal(0, result.GetProperty("statuses").GetArrayLength());
        result = await ReadJsonAsync(await Bob.GetAsync("/api/v2/search?q=%23needles"), 200);
        Assert.Equal([id], result.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("needles", result.GetProperty("hashtags")[0].GetProperty("name").GetString());
        var accounts = await ReadJsonAsync(await Bob.GetAsync("/api/v2/search?q=an&type=accounts"), 200);
        Assert.Equal("ann", accounts.GetProperty("accounts")[0].GetProperty("username").GetString());
        Assert.Equal(0, accounts.GetProperty("statuses").GetArrayLength());
        await ReadJsonAsync(await Bob.GetAsync("/api/v2/search"), 400);
        await ReadJsonAsync(await Bob.GetAsync("/api/v2/search?q=%22unclosed"), 422);
    }

    [Fact]
    public async Task An_idempotency_key_returns_the_first_status_instead_of_posting_twice()
    {
        async Task<string> PostWithKeyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = JsonContent.Create(new { status = "only once" }) };
            request.Headers.Add("Idempotency-Key", "key-1");
            return (await ReadJsonAsync(await Ann.SendAsync(request), 200)).GetProperty("id").GetString()!;
        }

        Assert.Equal(await PostWithKeyAsync(), await PostWithKeyAsync());
    }

    [Fact]
    public async Task Bad_status_input_is_refused_with_422_and_writes_nothing()
    {
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "" }), 422);
        var tooLong = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = new string('x', 281) }), 422);
        Assert.True(tooLong.GetProperty("details").TryGetProperty("text", out _) || tooLong.GetProperty("details").TryGetProperty("status", out _));
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "reply", in_reply_to_id = "123456" }), 404);
        await ReadJsonAsync(await Ann.GetAsync("/api/v1/timelines/home?max_id=abc"), 422);
        await ReadJsonAsync(await Server.Client.PostAsJsonAsync("/api/v1/statuses", new { status = "no token" }), 401);
        var me = await ReadJsonAsync(await Ann.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        Assert.Equal(0, me.GetProperty("statuses_count").GetInt32());
    }

    [Fact]
    public async Task Instance_metadata_and_startup_calls_answer()
    {
        var instance = await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/instance"), 200);
        Assert.Matches(@"^\d+\.\d+\.\d+", instance.GetProperty("version").GetString()!);
        await ReadJsonAsync(await Server.Client.GetAsync("/api/v2/instance"), 200);
        var nodeinfo = await ReadJsonAsync(await Server.Client.GetAsync("/.well-known/nodeinfo"), 200);
        Assert.Contains("/nodeinfo/2.0", nodeinfo.GetRawText());
        foreach (string path in new[] { "/api/v1/notifications", "/api/v1/custom_emojis", "/api/v1/lists", "/api/v1/filters", "/api/v2/filters", "/api/v1/announcements", "/api/v1/follow_requests" })
        {
            Assert.Equal(0, (await ReadJsonAsync(await Ann.GetAsync(path), 200)).GetArrayLength());
        }
    }

    [Fact]
    public async Task Followers_favourited_by_and_profile_updates_work_through_the_api()
    {
        var me = await ReadJsonAsync(await Ann.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        string annId = me.GetProperty("id").GetString()!;
        await ReadJsonAsync(await Bob.PostAsync($"/api/v1/accounts/{annId}/follow", null), 200);
        var followers = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/accounts/{annId}/followers"), 200);
        Assert.Equal(["bob"], followers.EnumerateArray().Select(a => a.GetProperty("username").GetString()));
        string status = (await PostAsync(Ann, "please like")).GetProperty("id").GetString()!;
        await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{status}/favourite", null), 200);
        var likers = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{status}/favourited_by"), 200);
        Assert.Equal(["bob"], likers.EnumerateArray().Select(a => a.GetProperty("username").GetString()));

        var updated = await ReadJsonAsync(await Ann.PatchAsync("/api/v1/accounts/update_credentials", Form(("display_name", "Ann the First"), ("note", "<i>hi</i>"))), 200);
        Assert.Equal("Ann the First", updated.GetProperty("display_name").GetString());
        Assert.DoesNotContain("<i>", updated.GetProperty("note").GetString());
        await ReadJsonAsync(await Ann.PatchAsync("/api/v1/accounts/update_credentials", Form(("display_name", new string('x', 31)))), 422);
        await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/accounts/987654/followers"), 404);
    }

    [GeneratedRegex("<([^>]+)>; rel=\"next\"")]
    private static partial Regex NextLink();
}
