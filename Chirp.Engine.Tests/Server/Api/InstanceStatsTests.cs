using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class InstanceStatsTests : TwoUserServerTest
{
    [Fact]
    public async Task Instance_and_nodeinfo_count_the_accounts_and_statuses()
    {
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "one" }), 200);
        var second = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "two" }), 200);
        await ReadJsonAsync(await Bob.PostAsJsonAsync("/api/v1/statuses", new { status = "three" }), 200);
        await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{second.GetProperty("id").GetString()}/reblog", null), 200);
        await ReadJsonAsync(await Bob.DeleteAsync($"/api/v1/statuses/{(await ReadJsonAsync(await Bob.PostAsJsonAsync("/api/v1/statuses", new { status = "gone" }), 200)).GetProperty("id").GetString()}"), 200);

        var v1 = await ReadJsonAsync(await Server.Client.GetAsync("/api/v1/instance"), 200);
        var nodeInfo = await ReadJsonAsync(await Server.Client.GetAsync("/nodeinfo/2.0"), 200);

        // Three statuses and a reblog, as Mastodon counts statuses: the sum of the accounts' statuses_count.
        Assert.Equal(2, v1.GetProperty("stats").GetProperty("user_count").GetInt64());
        Assert.Equal(4, v1.GetProperty("stats").GetProperty("status_count").GetInt64());
        Assert.Equal(2, nodeInfo.GetProperty("usage").GetProperty("users").GetProperty("total").GetInt64());
        Assert.Equal(4, nodeInfo.GetProperty("usage").GetProperty("localPosts").GetInt64());
        Assert.Equal(23, v1.GetProperty("configuration").GetProperty("statuses").GetProperty("characters_reserved_per_url").GetInt32());
    }
}
