using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>URLs in answers are built on the configured public origin (or the listening address), never on the Host header.</summary>
public sealed class HostHeaderTests
{
    private const string Evil = "evil.example";

    [Fact]
    public async Task A_hostile_Host_header_never_appears_in_any_answer()
    {
        await using var server = await StartAsync();
        string token = await server.SignUpAsync("ann");
        using var ann = server.ClientWithToken(token);
        for (int i = 0; i < 3; i++)
        {
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = $"post {i} #tagged" }), 200);
        }

        await server.Engine.WaitForFanoutAsync();
        string annId = server.Engine.GetAccountByUsername("ann")!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string[] paths =
        [
            "/api/v1/instance", "/api/v2/instance", "/.well-known/nodeinfo", "/.well-known/oauth-authorization-server",
            "/api/v1/timelines/home?limit=1", "/api/v1/timelines/tag/tagged?limit=1", $"/api/v1/accounts/{annId}/statuses?limit=1",
            $"/api/v1/accounts/{annId}", "/api/v1/accounts/verify_credentials",
        ];
        foreach (string path in paths)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Host = Evil;
            using var response = await ann.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(Evil, body);
            Assert.DoesNotContain(Evil, response.Headers.ToString());
            if (body != "[]")
            {
                Assert.Contains(server.BaseAddress.Authority, body + response.Headers);
            }
        }

        using var lookup = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/accounts/lookup?acct=ann@{Evil}");
        lookup.Headers.Host = Evil;
        await ReadJsonAsync(await server.Client.SendAsync(lookup), 404);
    }

    [Fact]
    public async Task With_a_public_origin_urls_use_it_and_only_its_host_and_loopback_are_served()
    {
        await using var server = await StartAsync(null, "--Chirp:PublicOrigin", "https://chirp.example");
        var instance = await ReadJsonAsync(await server.Client.GetAsync("/api/v1/instance"), 200);
        Assert.Equal("chirp.example", instance.GetProperty("uri").GetString());
        await server.SignUpAsync("ann");
        var account = await ReadJsonAsync(await server.Client.GetAsync("/api/v1/accounts/lookup?acct=ann@chirp.example"), 200);
        Assert.Equal("https://chirp.example/@ann", account.GetProperty("url").GetString());

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instance");
        request.Headers.Host = Evil;
        var refused = await ReadJsonAsync(await server.Client.SendAsync(request), 400);
        Assert.DoesNotContain(Evil, refused.GetRawText());

        using var named = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        named.Headers.Host = "chirp.example";
        Assert.True((await server.Client.SendAsync(named)).IsSuccessStatusCode);
    }

    [Fact]
    public async Task With_AllowedHosts_set_a_foreign_Host_gets_400_json()
    {
        await using var server = await StartAsync(null, "--AllowedHosts", "chirp.example;127.0.0.1");
        await ReadJsonAsync(await server.Client.GetAsync("/api/v1/instance"), 200);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/instance");
        request.Headers.Host = Evil;
        var refused = await ReadJsonAsync(await server.Client.SendAsync(request), 400);
        Assert.True(refused.TryGetProperty("error", out _));
    }

    [Theory]
    [InlineData("chirp.example")]
    [InlineData("ftp://chirp.example")]
    [InlineData("https://chirp.example/path")]
    [InlineData("https://user@chirp.example")]
    public async Task A_public_origin_that_is_not_an_http_origin_stops_the_start(string origin)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(null, "--Chirp:PublicOrigin", origin));
        Assert.Contains("PublicOrigin", error.Message);
    }
}
