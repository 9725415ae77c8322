using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Auth;

/// <summary>Redirect URIs, code redemption, published metadata and secrets kept out of URLs.</summary>
public sealed partial class OAuthHardeningTests : IAsyncLifetime
{
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("blob:https://app.example/0f1e")]
    [InlineData("about:blank")]
    [InlineData("https://app.example/cb#fragment")]
    [InlineData("https://user:pass@app.example/cb")]
    [InlineData("https://app.example/caf\u00e9")]
    public async Task Dangerous_redirect_uris_are_refused_at_registration_with_422(string uri)
    {
        var refused = await ReadJsonAsync(await _server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = uri }), 422);
        Assert.Equal("ERR_INVALID", refused.GetProperty("details").GetProperty("redirect_uris")[0].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/callback")]
    [InlineData("https://app.example/oauth/callback?x=1")]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("myapp://callback")]
    [InlineData("urn:ietf:wg:oauth:2.0:oob")]
    public async Task Web_app_scheme_and_out_of_band_redirect_uris_are_accepted(string uri) =>
        await ReadJsonAsync(await _server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = uri }), 200);

    [Fact]
    public async Task More_than_sixteen_redirect_uris_are_refused()
    {
        string uris = string.Join('\n', Enumerable.Range(0, 17).Select(i => $"https://app.example/cb{i}"));
        var refused = await ReadJsonAsync(await _server.Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "x", redirect_uris = uris }), 422);
        Assert.Equal("ERR_TOO_LONG", refused.GetProperty("details").GetProperty("redirect_uris")[0].GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_code_is_not_redeemed_without_the_redirect_uri_it_was_issued_for()
    {
        await _server.SignUpAsync("ann", "a long password");
        const string redirect = "http://127.0.0.1:9/callback";
        var (clientId, secret) = await _server.RegisterAppAsync(redirect);

        var withoutUri = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", await LoginAsync(clientId, redirect)))), 400);
        Assert.Equal("invalid_grant", withoutUri.GetProperty("error").GetString());
        await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", await LoginAsync(clientId, redirect)), ("redirect_uri", "http://127.0.0.1:9/other"))), 400);
        await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "authorization_code"), ("client_id", clientId), ("client_secret", secret), ("code", await LoginAsync(clientId, redirect)), ("redirect_uri", redirect))), 200);
    }

    [Fact]
    public async Task Authorization_server_metadata_is_published_on_the_public_origin()
    {
        var metadata = await ReadJsonAsync(await _server.Client.GetAsync("/.well-known/oauth-authorization-server"), 200);
        string origin = _server.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Equal(origin + "/", metadata.GetProperty("issuer").GetString());
        Assert.Equal(origin + "/oauth/authorize", metadata.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(origin + "/oauth/token", metadata.GetProperty("token_endpoint").GetString());
        Assert.Equal(origin + "/oauth/revoke", metadata.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(origin + "/api/v1/apps", metadata.GetProperty("app_registration_endpoint").GetString());
        Assert.Equal(["S256"], metadata.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["code"], metadata.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("authorization_code", metadata.GetProperty("grant_types_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("write:statuses", metadata.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        Assert.True(metadata.TryGetProperty("service_documentation", out _));
        Assert.True(metadata.TryGetProperty("response_modes_supported", out _));
        Assert.True(metadata.TryGetProperty("token_endpoint_auth_methods_supported", out _));
    }

    [Theory]
    [InlineData("/oauth/token?grant_type=password&username=ann&password=a+long+password", "password")]
    [InlineData("/oauth/token?grant_type=client_credentials&client_secret=s", "client_secret")]
    [InlineData("/oauth/token?grant_type=authorization_code&code=c&code_verifier=v", "code")]
    [InlineData("/oauth/revoke?token=t", "token")]
    [InlineData("/oauth/authorize?username=ann&password=a+long+password", "password")]
    public async Task Credentials_in_the_query_string_are_refused_with_400(string url, string name)
    {
        var (clientId, secret) = await _server.RegisterAppAsync();
        var refused = await ReadJsonAsync(await _server.Client.PostAsync($"{url}&client_id={clientId}", Form(("client_id", clientId), ("client_secret", secret))), 400);
        Assert.Equal("invalid_request", refused.GetProperty("error").GetString());
        Assert.Contains(name, refused.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task A_password_in_the_sign_up_query_string_is_refused_with_400()
    {
        var (clientId, secret) = await _server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "write"))), 200);
        using var app = _server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);
        var refused = await ReadJsonAsync(await app.PostAsJsonAsync("/api/v1/accounts?password=a+long+password", new { username = "ann", email = "ann@example.com", agreement = true }), 400);
        Assert.Equal("invalid_request", refused.GetProperty("error").GetString());
        Assert.Null(_server.Engine.GetAccountByUsername("ann"));
    }

    /// <summary>Signs ann in on the consent page; returns the code it redirects with.</summary>
    private async Task<string> LoginAsync(string clientId, string redirect)
    {
        var login = await _server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", redirect), ("response_type", "code"), ("username", "ann"), ("password", "a long password")));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return Uri.UnescapeDataString(CodePattern().Match(login.Headers.Location!.Query).Groups[1].Value);
    }

    [GeneratedRegex("code=([^&]+)")]
    private static partial Regex CodePattern();
}
