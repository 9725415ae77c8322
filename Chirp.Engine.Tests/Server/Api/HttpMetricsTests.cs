using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>The request counters and histograms record the status the client received, including error answers.</summary>
public sealed class HttpMetricsTests(ITestOutputHelper output)
{
    private const string Requests = "http_requests_received_total";
    private const string Durations = "http_request_duration_seconds_count";

    [Fact]
    public async Task Request_counters_record_the_status_each_client_received()
    {
        await using var server = await RunningServer.StartAsync(null, "--Chirp:RateLimits:StatusesPerUserPerMinute", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        var before = await MetricSamples.ScrapeAsync(server.Client);

        await RunningServer.ReadJsonAsync(await server.Client.GetAsync("/api/v1/statuses/123"), 404);
        await RunningServer.ReadJsonAsync(await server.Client.GetAsync("/api/v1/no-such-route"), 404);
        await RunningServer.ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "" }), 422);
        await RunningServer.ReadJsonAsync(await server.Client.GetAsync("/api/v1/accounts/verify_credentials"), 401);
        await RunningServer.ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/accounts", new { username = "bob", email = "bob@example.com", password = "a long password", agreement = true }), 403);
        await RunningServer.ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "one" }), 200);
        await RunningServer.ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "two" }), 429);
        await RunningServer.ReadJsonAsync(await server.Client.GetAsync("/api/v1/instance"), 200);

        var after = await MetricSamples.ScrapeAsync(server.Client);
        output.WriteLine(after.Describe(Requests));
        foreach (string name in new[] { Requests, Durations })
        {
            Assert.Equal(2, Delta(name, "404"));
            Assert.Equal(1, Delta(name, "422"));
            Assert.Equal(1, Delta(name, "401"));
            Assert.Equal(1, Delta(name, "403"));
            Assert.Equal(1, Delta(name, "429"));

            Assert.Equal(2, Delta(name, "200"));
        }

        // Errors keep their route's label; an unmatched path has none, so raw paths never become label values.
        Assert.Equal(1, after.Sum(Requests, ("code", "404"), ("endpoint", "/api/v1/statuses/{id}")));
        Assert.Equal(1, after.Sum(Requests, ("code", "404"), ("endpoint", "")));
        Assert.Equal(1, after.Sum(Requests, ("code", "422"), ("endpoint", "/api/v1/statuses")));
        Assert.Equal(1, after.Sum(Requests, ("code", "403"), ("endpoint", "/api/v1/accounts")));
        Assert.Equal(1, after.Sum(Requests, ("code", "429"), ("endpoint", "/api/v1/statuses")));
        Assert.DoesNotContain("no-such-route", after.Describe(Requests), StringComparison.Ordinal);

        double Delta(string name, string code) => after.Sum(name, ("code", code)) - before.Sum(name, ("code", code));
    }
}
