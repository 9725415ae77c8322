using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>The endpoints the other server tests do not walk: lookups, lists, tag timelines, source, undo, metadata.</summary>
public sealed class MoreEndpointTests : TwoUserServerTest
{
    private string _annId = "";
    private string _bobId = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _annId = (await ReadJsonAsync(await Ann.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!;
        _bobId = (await ReadJsonAsync(await Bob.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!;
    }

    private static IEnumerable<string?> Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetString());

    [Fact]
    public async Task Accounts_are_read_by_id_and_by_acct_and_list_their_statuses()
    {
        var byId = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/accounts/{_annId}"), 200);
        Assert.Equal("ann", byId.GetProperty("acct").GetString());
        var lookup = await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/accounts/lookup?acct=@ANN"), 200);
        Assert.Equal(_annId, lookup.GetProperty("id").GetString());
        await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/accounts/lookup?acct=nobody"), 404);
        await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/accounts/lookup?acct=ann@elsewhere.example"), 404);

        string first = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "first #tagged" }), 200)).GetProperty("id").GetString()!;
        string second = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "second" }), 200)).GetProperty("id").GetString()!;
        var statuses = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/accounts/{_annId}/statuses"), 200);
        Assert.Equal([second, first], Ids(statuses));
        var tagged = await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/timelines/tag/TAGGED"), 200);
        Assert.Equal([first], Ids(tagged));
    }

    [Fact]
    public async Task Relationships_following_and_reblogged_by_reflect_follows_and_reblogs()
    {
        await ReadJsonAsync(await Ann.PostAsync($"/api/v1/accounts/{_bobId}/follow", null), 200);
        var relationships = await ReadJsonAsync(await Ann.GetAsync($"/api/v1/accounts/relationships?id[]={_bobId}&id[]=999"), 200);
        Assert.Equal([_bobId], Ids(relationships));
        Assert.True(relationships[0].GetProperty("following").GetBoolean());
        Assert.False(relationships[0].GetProperty("followed_by").GetBoolean());
        var following = await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/accounts/{_annId}/following"), 200);
        Assert.Equal([_bobId], Ids(following));
        var unfollowed = await ReadJsonAsync(await Ann.PostAsync($"/api/v1/accounts/{_bobId}/unfollow", null), 200);
        Assert.False(unfollowed.GetProperty("following").GetBoolean());
        await ReadJsonAsync(await Ann.PostAsync($"/api/v1/accounts/{_annId}/follow", null), 422);

        string status = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "reblog me" }), 200)).GetProperty("id").GetString()!;
        await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{status}/reblog", null), 200);
        Assert.Equal([_bobId], Ids(await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{status}/reblogged_by"), 200)));
        var undone = await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{status}/unreblog", null), 200);
        Assert.False(undone.GetProperty("reblogged").GetBoolean());
        Assert.Empty(Ids(await ReadJsonAsync(await Server.Client.GetAsync($"/api/v1/statuses/{status}/reblogged_by"), 200)));
    }

    [Fact]
    public async Task The_source_is_for_the_author_only()
    {
        string status = (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "raw <text> & #tag" }), 200)).GetProperty("id").GetString()!;
        var source = await ReadJsonAsync(await Ann.GetAsync($"/api/v1/statuses/{status}/source"), 200);
        Assert.Equal("raw <text> & #tag", source.GetProperty("text").GetString());
        await ReadJsonAsync(await Bob.GetAsync($"/api/v1/statuses/{status}/source"), 404);
    }

    [Fact]
    public async Task Version_one_media_upload_instance_v2_nodeinfo_markers_and_preferences_answer()
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(Media.TestImages.WebP(2, 3)), "file", "x.webp" } };
        var media = await ReadJsonAsync(await Ann.PostAsync("/api/v1/media", form), 200);
        Assert.EndsWith(".webp", media.GetProperty("url").GetString());
        Assert.Equal(3, media.GetProperty("meta").GetProperty("original").GetProperty("height").GetInt32());

        var instance = await ReadJsonAsync(await Server.Client.GetAsync("/api/v2/instance"), 200);
        Assert.Equal(280, instance.GetProperty("configuration").GetProperty("statuses").GetProperty("max_characters").GetInt32());
        var nodeinfo = await ReadJsonAsync(await Server.Client.GetAsync("/nodeinfo/2.0"), 200);
        Assert.Equal("mastodon", nodeinfo.GetProperty("metadata").GetProperty("upstream").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, (await ReadJsonAsync(await Ann.GetAsync("/api/v1/markers"), 200)).ValueKind);
        Assert.Equal("public", (await ReadJsonAsync(await Ann.GetAsync("/api/v1/preferences"), 200)).GetProperty("posting:default:visibility").GetString());
    }
}
