using System.Net;
using System.Net.Http.Json;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>
/// Per-user limits on the actions that write: a user over one gets 429 with Retry-After and the X-RateLimit-* headers
/// of that limit (not the address's); other users are not affected; refused requests and Idempotency-Key retries
/// spend nothing.
/// </summary>
public sealed class UserRateLimitTests
{
    [Fact]
    public async Task Favourites_are_limited_per_user_and_the_429_carries_the_headers_of_the_user_limit()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:FavouritesPerUserPerMinute", "2");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));
        string first = await PostAsync(ann, "one");
        string second = await PostAsync(ann, "two");

        await ReadJsonAsync(await bob.PostAsync($"/api/v1/statuses/{first}/favourite", null), 200);
        await ReadJsonAsync(await bob.PostAsync($"/api/v1/statuses/{first}/unfavourite", null), 200);
        using var limited = await bob.PostAsync($"/api/v1/statuses/{second}/favourite", null);
        Assert.Equal("Too many requests", (await ReadJsonAsync(limited, 429)).GetProperty("error").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("2", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        await ReadJsonAsync(await ann.PostAsync($"/api/v1/statuses/{second}/favourite", null), 200);
    }

    [Fact]
    public async Task Reblogs_edits_and_follows_are_limited_per_user()
    {
        await using var server = await StartAsync(null,
            "--Chirp:RateLimits:ReblogsPerUserPerMinute", "1", "--Chirp:RateLimits:EditsPerUserPerMinute", "1", "--Chirp:RateLimits:FollowsPerUserPerDay", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        using var bob = server.ClientWithToken(await server.SignUpAsync("bob"));
        string first = await PostAsync(ann, "one");
        string second = await PostAsync(ann, "two");
        string annId = (await ReadJsonAsync(await ann.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!;

        await ReadJsonAsync(await bob.PostAsync($"/api/v1/statuses/{first}/reblog", null), 200);
        await ReadJsonAsync(await bob.PostAsync($"/api/v1/statuses/{first}/unreblog", null), 429);
        await ReadJsonAsync(await ann.PutAsJsonAsync($"/api/v1/statuses/{first}", new { status = "one, edited" }), 200);
        await ReadJsonAsync(await ann.PutAsJsonAsync($"/api/v1/statuses/{second}", new { status = "two, edited" }), 429);
        await ReadJsonAsync(await bob.PostAsync($"/api/v1/accounts/{annId}/follow", null), 200);
        await ReadJsonAsync(await bob.PostAsync($"/api/v1/accounts/{annId}/unfollow", null), 429);
    }

    [Fact]
    public async Task Refused_posts_and_favourites_do_not_spend_the_budget()
    {
        await using var server = await StartAsync(null,
            "--Chirp:RateLimits:StatusesPerUserPerMinute", "2", "--Chirp:RateLimits:RepliesPerUserPerMinute", "1", "--Chirp:RateLimits:FavouritesPerUserPerMinute", "1");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        for (int i = 0; i < 3; i++)
        {
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "  " }), 422);
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = new string('x', 501) }), 422);
            await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "a reply to nothing", in_reply_to_id = "123456789" }), 404);
            await ReadJsonAsync(await ann.PostAsync("/api/v1/statuses/123456789/favourite", null), 404);
        }

        string first = await PostAsync(ann, "one");
        await PostAsync(ann, "two");
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "a reply", in_reply_to_id = first }), 200);
        await ReadJsonAsync(await ann.PostAsync($"/api/v1/statuses/{first}/favourite", null), 200);
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "three" }), 429);
    }

    [Fact]
    public async Task Retries_with_the_same_Idempotency_Key_return_the_first_status_and_spend_nothing()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:StatusesPerUserPerMinute", "2");
        using var ann = server.ClientWithToken(await server.SignUpAsync("ann"));
        string first = await PostAsync(ann, "once", "key-1");
        for (int i = 0; i < 11; i++)
        {
            Assert.Equal(first, await PostAsync(ann, "once", "key-1"));
        }

        await PostAsync(ann, "second");
        await ReadJsonAsync(await ann.PostAsJsonAsync("/api/v1/statuses", new { status = "third" }), 429);
        Assert.Equal(first, await PostAsync(ann, "once", "key-1"));
    }

    [Fact]
    public async Task Sign_ups_are_limited_per_address_and_invalid_ones_do_not_count()
    {
        await using var server = await StartAsync(null, "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "2");
        var (clientId, secret) = await server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write follow"))), 200);
        using var app = server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);
        for (int i = 0; i < 3; i++)
        {
            await ReadJsonAsync(await app.PostAsJsonAsync("/api/v1/accounts", new { username = "short", email = "short@example.com", password = "short", agreement = true }), 422);
        }

        await ReadJsonAsync(await app.PostAsJsonAsync("/api/v1/accounts", NewAccount("ann")), 200);
        await ReadJsonAsync(await app.PostAsJsonAsync("/api/v1/accounts", NewAccount("bob")), 200);
        using var limited = await app.PostAsJsonAsync("/api/v1/accounts", NewAccount("cat"));
        await ReadJsonAsync(limited, 429);
        Assert.Equal("2", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Client.GetAsync("/api/v1/accounts/lookup?acct=cat")).StatusCode);
    }

    private static object NewAccount(string username) =>
        new { username, email = username + "@example.com", password = "a long password", agreement = true };

    private static async Task<string> PostAsync(HttpClient client, string text, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/statuses") { Content = JsonContent.Create(new { status = text }) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return (await ReadJsonAsync(await client.SendAsync(request), 200)).GetProperty("id").GetString()!;
    }
}
