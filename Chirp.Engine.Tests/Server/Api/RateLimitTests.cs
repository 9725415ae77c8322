using System.Net;
using System.Net.Http.Json;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Every_api_response_carries_the_limit_headers_and_the_limit_gives_429_with_retry_after()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:RequestsPerIpPerMinute", "4");
        var ok = await server.Client.GetAsync("/api/v1/instance");
        Assert.Equal("4", ok.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("3", ok.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", ok.Headers.GetValues("X-RateLimit-Reset").Single());
        var missing = await server.Client.GetAsync("/api/v1/statuses/123");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("2", missing.Headers.GetValues("X-RateLimit-Remaining").Single());
        await server.Client.GetAsync("/api/v1/instance");
        await server.Client.GetAsync("/api/v1/instance");

        var limited = await server.Client.GetAsync("/api/v1/instance");
        var body = await ReadJsonAsync(limited, 429);
        Assert.Equal("Too many requests", body.GetProperty("error").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task Posting_is_limited_per_user_with_separate_limits_for_replies()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:StatusesPerUserPerMinute", "2", "--Chirp:RateLimits:RepliesPerUserPerMinute", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));

        string first = (await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "one" }), 200)).GetProperty("id").GetString()!;
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "two" }), 200);
        var limited = await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "three" });
        await ReadJsonAsync(limited, 429);
        Assert.NotNull(limited.Headers.RetryAfter);

        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "a reply", in_reply_to_id = first }), 200);
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "another reply", in_reply_to_id = first }), 429);
        await ReadJsonAsync(await bob.PostAsJsonAsync("/api/v1/statuses", new { status = "bob is not limited by ann" }), 200);

        var me = await ReadJsonAsync(await ann.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        Assert.Equal(3, me.GetProperty("statuses_count").GetInt32());
    }
}
