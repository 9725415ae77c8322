using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Writes retried by a client: with the same Idempotency-Key they are done once and get the first answer.</summary>
public sealed class RetryApiTests : TwoUserServerTest
{
    private static HttpRequestMessage WithKey(HttpMethod method, string path, string key, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    private async Task<string> PostAsync(string text) =>
        (await ReadJsonAsync(await Ann.PostAsJsonAsync("/api/v1/statuses", new { status = text }), 200)).GetProperty("id").GetString()!;

    [Fact]
    public async Task A_delete_repeated_with_its_idempotency_key_gets_the_first_answer_and_without_one_a_404()
    {
        string id = await PostAsync("delete me");

        var first = await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Delete, $"/api/v1/statuses/{id}", "del-1")), 200);
        var repeated = await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Delete, $"/api/v1/statuses/{id}", "del-1")), 200);
        await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Delete, $"/api/v1/statuses/{id}", "del-2")), 404);
        await ReadJsonAsync(await Ann.DeleteAsync($"/api/v1/statuses/{id}"), 404);
        await ReadJsonAsync(await Bob.SendAsync(WithKey(HttpMethod.Delete, $"/api/v1/statuses/{id}", "del-1")), 404);

        Assert.Equal("delete me", first.GetProperty("text").GetString());
        Assert.Equal(id, repeated.GetProperty("id").GetString());
        Assert.Equal("ann", repeated.GetProperty("account").GetProperty("username").GetString());
    }

    [Fact]
    public async Task An_edit_repeated_with_its_idempotency_key_adds_one_version_even_after_a_later_edit()
    {
        string id = await PostAsync("v1");

        await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Put, $"/api/v1/statuses/{id}", "edit-1", new { status = "v2" })), 200);
        await ReadJsonAsync(await Ann.PutAsJsonAsync($"/api/v1/statuses/{id}", new { status = "v3" }), 200);
        var repeated = await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Put, $"/api/v1/statuses/{id}", "edit-1", new { status = "v2" })), 200);
        var history = await ReadJsonAsync(await Ann.GetAsync($"/api/v1/statuses/{id}/history"), 200);

        Assert.Contains("v3", repeated.GetProperty("content").GetString());
        Assert.Equal(3, history.GetArrayLength());
    }

    [Fact]
    public async Task A_follow_repeated_with_its_idempotency_key_after_an_unfollow_is_not_done_again()
    {
        var bob = await ReadJsonAsync(await Bob.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        string bobId = bob.GetProperty("id").GetString()!;

        await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Post, $"/api/v1/accounts/{bobId}/follow", "follow-1")), 200);
        await ReadJsonAsync(await Ann.PostAsync($"/api/v1/accounts/{bobId}/unfollow", null), 200);
        var repeated = await ReadJsonAsync(await Ann.SendAsync(WithKey(HttpMethod.Post, $"/api/v1/accounts/{bobId}/follow", "follow-1")), 200);

        Assert.False(repeated.GetProperty("following").GetBoolean());
    }

    [Fact]
    public async Task A_favourite_repeated_with_its_idempotency_key_after_an_unfavourite_is_not_done_again()
    {
        string id = await PostAsync("likeable");

        await ReadJsonAsync(await Bob.SendAsync(WithKey(HttpMethod.Post, $"/api/v1/statuses/{id}/favourite", "fav-1")), 200);
        await ReadJsonAsync(await Bob.PostAsync($"/api/v1/statuses/{id}/unfavourite", null), 200);
        var repeated = await ReadJsonAsync(await Bob.SendAsync(WithKey(HttpMethod.Post, $"/api/v1/statuses/{id}/favourite", "fav-1")), 200);
        var other = await ReadJsonAsync(await Bob.SendAsync(WithKey(HttpMethod.Post, $"/api/v1/statuses/{id}/favourite", "fav-2")), 200);

        Assert.Equal((false, 0), (repeated.GetProperty("favourited").GetBoolean(), repeated.GetProperty("favourites_count").GetInt32()));
        Assert.Equal((true, 1), (other.GetProperty("favourited").GetBoolean(), other.GetProperty("favourites_count").GetInt32()));
    }

    [Fact]
    public async Task A_sign_up_repeated_with_its_idempotency_key_returns_the_same_account()
    {
        var (clientId, secret) = await Server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await Server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write"))), 200);
        using var app = Server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);
        var body = new { username = "cat", email = "cat@example.com", password = "correct horse battery", agreement = true, locale = "en" };

        var first = await ReadJsonAsync(await app.SendAsync(WithKey(HttpMethod.Post, "/api/v1/accounts", "signup-1", body)), 200);
        var repeated = await ReadJsonAsync(await app.SendAsync(WithKey(HttpMethod.Post, "/api/v1/accounts", "signup-1", body)), 200);

        Assert.Equal(await AccountIdAsync(first), await AccountIdAsync(repeated));
    }

    private async Task<string> AccountIdAsync(JsonElement tokenResponse)
    {
        using var client = Server.ClientWithToken(tokenResponse.GetProperty("access_token").GetString()!);
        return (await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200)).GetProperty("id").GetString()!;
    }
}
