using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class StatusTextApiTests : TwoUserServerTest
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    public async Task A_status_of_only_zero_width_characters_is_refused_as_blank(string text)
    {
        var created = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = text }), 422);
        Assert.Equal("ERR_BLANK", created.GetProperty("details").GetProperty("status")[0].GetProperty("error").GetString());

        var status = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "visible" }), 200);
        var edited = await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{status.GetProperty("id").GetString()}", new { status = text }), 422);
        Assert.Equal("ERR_BLANK", edited.GetProperty("details").GetProperty("status")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_long_url_counts_as_23_characters_so_the_status_fits()
    {
        string url = "https://example.com/" + new string('a', 280);
        string text = new string('x', 256) + " " + url;

        var status = await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = text }), 200);
        await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = "x" + text }), 422);

        Assert.Contains(url, status.GetProperty("content").GetString());
    }
}
