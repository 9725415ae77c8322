using System.Net;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Options;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>
/// X-Forwarded-For and X-Forwarded-Proto are believed from the proxies in Chirp:TrustedProxies only: behind one, each
/// client has its own per-address budget (IPv6 clients per /64); from anyone else the headers change nothing.
/// </summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task X_Forwarded_For_from_a_client_that_is_not_a_trusted_proxy_does_not_change_its_budget()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:RequestsPerIpPerMinute", "2");
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.2")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.3")).StatusCode);
        string links = await (await GetAsForwarded(server, "/.well-known/nodeinfo", "203.0.113.4", "https")).Content.ReadAsStringAsync();
        Assert.Contains("\"http://127.0.0.1:", links, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_has_its_own_budget_and_links_stay_on_the_public_origin()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:RequestsPerIpPerMinute", "2", "--Chirp:TrustedProxies:0", "127.0.0.0/8");
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.2")).StatusCode);
        // URLs come from Chirp:PublicOrigin (here the listening address), never from a forwarded scheme or host.
        string links = await (await GetAsForwarded(server, "/.well-known/nodeinfo", "203.0.113.3", "https")).Content.ReadAsStringAsync();
        Assert.Contains("\"http://127.0.0.1:", links, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_is_not_among_the_configured_proxies_is_not_believed()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:RequestsPerIpPerMinute", "2", "--Chirp:TrustedProxies:0", "10.0.0.1");
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.2")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsForwarded(server, "/api/v1/instance", "203.0.113.3")).StatusCode);
    }

    [Fact]
    public async Task IPv6_clients_share_a_budget_per_64_network()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:RequestsPerIpPerMinute", "2", "--Chirp:TrustedProxies:0", "127.0.0.1");
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "2001:db8:1:2::1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "2001:db8:1:2:ffff:ffff:ffff:ffff")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsForwarded(server, "/api/v1/instance", "2001:db8:1:2::3")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsForwarded(server, "/api/v1/instance", "2001:db8:1:3::1")).StatusCode);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("10.0.0.0/33")]
    public async Task A_trusted_proxy_that_is_neither_an_address_nor_a_network_stops_the_start(string entry)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(null, "--Chirp:TrustedProxies:0", entry));
        Assert.Contains(entry, refused.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetAsForwarded(RunningServer server, string path, string client, string? scheme = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Forwarded-For", client);
        if (scheme is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", scheme);
        }

        return await server.Client.SendAsync(request);
    }
}
