using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Auth;

public sealed partial class OAuthTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sign_up_then_password_grant_gives_a_token_that_verify_credentials_accepts()
    {
        await _server.SignUpAsync("ann", "a long password");
        var (clientId, secret) = await _server.RegisterAppAsync();

        var token = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", "ann@example.com"), ("password", "a long password"), ("scope", "read"))), 200);
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString());
        Assert.Equal("read", token.GetProperty("scope").GetString());

        using var client = _server.ClientWithToken(token.GetProperty("access_token").GetString()!);
        var me = await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        Assert.Equal("ann", me.GetProperty("username").GetString());
        Assert.Equal(JsonValueKindString, me.GetProperty("id").ValueKind);
    }

    [Fact]
    public async Task A_wrong_password_or_unknown_client_is_an_oauth_error()
    {
        await _server.SignUpAsync("ann", "a long password");
        var (clientId, secret) = await _server.RegisterAppAsync();

        var wrong = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", "ann"), ("password", "not it at all"))), 400);
        Assert.Equal("invalid_grant", wrong.GetProperty("error").GetString());
        Assert.True(wrong.TryGetProperty("error_description", out _));

        var client = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", "wrong"))), 401);
        Assert.Equal("invalid_client", client.GetProperty("error").GetString());

        var grant = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "magic"), ("client_id", clientId), ("client_secret", secret))), 400);
        Assert.Equal("unsupported_grant_type", grant.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_authorization_code_grant_with_pkce_goes_through_the_login_page()
    {
        await _server.SignUpAsync("ann", "a long password");
        const string redirect = "http://127.0.0.1:9/callback";
        var (clientId, secret) = await _server.RegisterAppAsync(redirect);
        string verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
        string challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var page = await _server.Client.GetAsync($"/oauth/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirect)}&scope=read+write&state=xyz&code_challenge={challenge}&code_challenge_method=S256");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        string html = await page.Content.ReadAsStringAsync();
        Assert.Contains("test app", html);

        var login = await _server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", redirect), ("scope", "read write"), ("response_type", "code"), ("state", "xyz"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("username", "ann"), ("password", "a long password")));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var location = login.Headers.Location!;
        Assert.StartsWith(redirect, location.ToString());
        Assert.Contains("state=xyz", location.Query);
        string code = Uri.UnescapeDataString(CodePattern().Match(location.Query).Groups[1].Value);

        var withoutVerifier = await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", redirect)));
        Assert.Equal(HttpStatusCode.BadRequest, withoutVerifier.StatusCode);

        // A code is used once: the failed attempt above spent it, so a fresh login is needed.
        login = await _server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", redirect), ("scope", "read write"), ("response_type", "code"),
            ("code_challenge", challenge), ("code_challenge_method", "S256"), ("username", "ann@example.com"), ("password", "a long password")));
        code = Uri.UnescapeDataString(CodePattern().Match(login.Headers.Location!.Query).Groups[1].Value);
        var token = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier))), 200);
        Assert.Equal("read write", token.GetProperty("scope").GetString());
        var reuse = await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", code), ("redirect_uri", redirect), ("code_verifier", verifier)));
        Assert.Equal(HttpStatusCode.BadRequest, reuse.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_on_the_login_page_shows_the_page_again_escaped()
    {
        const string redirect = "http://127.0.0.1:9/callback";
        var (clientId, _) = await _server.RegisterAppAsync(redirect);
        var page = await _server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", redirect), ("state", "<script>alert(1)</script>"), ("username", "nobody"), ("password", "whatever123")));
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        string html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Fact]
    public async Task A_revoked_token_is_refused_even_after_a_restart()
    {
        var (clientId, secret) = await _server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write"))), 200);
        using (var appClient = _server.ClientWithToken(appToken.GetProperty("access_token").GetString()!))
        {
            await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true }), 200);
        }

        var token = (await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", "ann"), ("password", "a long password"))), 200)).GetProperty("access_token").GetString()!;
        using var client = _server.ClientWithToken(token);
        await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200);

        await ReadJsonAsync(await _server.Client.PostAsync("/oauth/revoke", Form(("client_id", clientId), ("client_secret", secret), ("token", token))), 200);
        var refused = await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 401);
        Assert.Equal("The access token is invalid", refused.GetProperty("error").GetString());

        string directory = _server.DataDirectory;
        await _server.DisposeAsyncKeepingData();
        _server = await StartAsync(directory);
        using var again = _server.ClientWithToken(token);
        await ReadJsonAsync(await again.GetAsync("/api/v1/accounts/verify_credentials"), 401);
    }

    [Fact]
    public async Task Tokens_survive_a_restart_because_the_signing_key_is_kept()
    {
        string token = await _server.SignUpAsync("ann");
        string directory = _server.DataDirectory;
        await _server.DisposeAsyncKeepingData();
        _server = await StartAsync(directory);

        using var client = _server.ClientWithToken(token);
        await ReadJsonAsync(await client.GetAsync("/api/v1/accounts/verify_credentials"), 200);
        Assert.True(File.Exists(Path.Combine(directory, "server", "token-signing.key")));
    }

    [Fact]
    public async Task Scopes_are_enforced_and_app_tokens_cannot_act_as_a_user()
    {
        var (clientId, secret) = await _server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read"))), 200);
        using var appClient = _server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);

        var noUser = await ReadJsonAsync(await appClient.GetAsync("/api/v1/accounts/verify_credentials"), 403);
        Assert.Equal("This action is outside the authorized scopes", noUser.GetProperty("error").GetString());
        await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true }), 403);

        var tooWide = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write push"))), 400);
        Assert.Equal("invalid_scope", tooWide.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Sign_up_validation_errors_are_422_with_details()
    {
        var (clientId, secret) = await _server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "write"))), 200);
        using var appClient = _server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);

        var blank = await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { email = "ann@example.com", password = "a long password", agreement = true }), 422);
        Assert.Equal("ERR_BLANK", blank.GetProperty("details").GetProperty("username")[0].GetProperty("error").GetString());
        var badName = await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "no spaces", email = "ann@example.com", password = "a long password", agreement = true }), 422);
        Assert.True(badName.GetProperty("details").TryGetProperty("username", out _));
        await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "short", agreement = true }), 422);
        await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "a long password", agreement = false }), 422);

        await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true }), 200);
        var taken = await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username = "ANN", email = "other@example.com", password = "a long password", agreement = true }), 422);
        Assert.Equal("ERR_TAKEN", taken.GetProperty("details").GetProperty("username")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task Malformed_bodies_missing_tokens_and_unknown_routes_get_json_errors()
    {
        var malformed = await ReadJsonAsync(await _server.Client.PostAsync("/api/v1/apps", new StringContent("{not json", Encoding.UTF8, "application/json")), 400);
        Assert.Equal("The JSON body is malformed.", malformed.GetProperty("error").GetString());
        await ReadJsonAsync(await _server.Client.GetAsync("/api/v1/accounts/verify_credentials"), 401);
        using var forged = _server.ClientWithToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.forged");
        await ReadJsonAsync(await forged.GetAsync("/api/v1/accounts/verify_credentials"), 401);
        var missing = await ReadJsonAsync(await _server.Client.GetAsync("/api/v1/no/such/route"), 404);
        Assert.Equal("Record not found", missing.GetProperty("error").GetString());
        await ReadJsonAsync(await _server.Client.GetAsync("/api/v1/accounts/12345"), 404);
        await ReadJsonAsync(await _server.Client.GetAsync("/api/v1/accounts/not-an-id"), 404);
        var apps = await ReadJsonAsync(await _server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = "not a uri" }), 422);
        Assert.True(apps.GetProperty("details").TryGetProperty("redirect_uris", out _));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindString = System.Text.Json.JsonValueKind.String;

    [GeneratedRegex("code=([^&]+)")]
    private static partial Regex CodePattern();
}
