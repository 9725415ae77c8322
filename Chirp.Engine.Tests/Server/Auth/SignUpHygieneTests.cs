using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Engine.Tests.Server.Support;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Auth;

/// <summary>Sign-up does not reveal registered e-mails, and refuses common passwords, reserved names and bidi tricks.</summary>
public sealed class SignUpHygieneTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _app = null!;

    public async Task InitializeAsync()
    {
        _server = await StartAsync();
        var (clientId, secret) = await _server.RegisterAppAsync();
        var appToken = await ReadJsonAsync(await _server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "write"))), 200);
        _app = _server.ClientWithToken(appToken.GetProperty("access_token").GetString()!);
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_taken_email_gets_the_same_answer_as_a_malformed_one()
    {
        await SignUpAsync(new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true }, 200);

        var taken = await SignUpAsync(new { username = "other", email = "ANN@example.com", password = "a long password", agreement = true }, 422);
        var malformed = await SignUpAsync(new { username = "other", email = "not an address", password = "a long password", agreement = true }, 422);
        Assert.Equal(malformed.GetRawText(), taken.GetRawText());
        Assert.Equal("ERR_INVALID", taken.GetProperty("details").GetProperty("email")[0].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PassWord1")]
    [InlineData("qwertyuiop")]
    [InlineData("iloveyou")]
    [InlineData("12345678")]
    public async Task A_common_password_is_refused_with_422_on_password(string password)
    {
        var refused = await SignUpAsync(new { username = "ann", email = "ann@example.com", password, agreement = true }, 422);
        Assert.Equal("ERR_INVALID", refused.GetProperty("details").GetProperty("password")[0].GetProperty("error").GetString());
        Assert.Contains("common", refused.GetProperty("details").GetProperty("password")[0].GetProperty("description").GetString());
    }

    [Theory]
    [InlineData("annabelle_x", "annabelle_x@example.com", "Annabelle_X")]
    [InlineData("annabelle_x", "annabelle_x@example.com", "annabelle_x@example.com")]
    public async Task A_password_equal_to_the_username_or_email_is_refused(string username, string email, string password)
    {
        var refused = await SignUpAsync(new { username, email, password, agreement = true }, 422);
        Assert.True(refused.GetProperty("details").TryGetProperty("password", out _));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("Administrator")]
    [InlineData("postmaster")]
    [InlineData("chirp")]
    [InlineData("ROOT")]
    public async Task A_reserved_username_is_refused_with_err_reserved(string username)
    {
        var refused = await SignUpAsync(new { username, email = "someone@example.com", password = "a long password", agreement = true }, 422);
        Assert.Equal("ERR_RESERVED", refused.GetProperty("details").GetProperty("username")[0].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("ann\u202Egnp.exe")]
    [InlineData("\u2066admin\u2069")]
    [InlineData("ann\u200F")]
    [InlineData("ann\u061C")]
    [InlineData("a\u00ADnn")]
    public async Task A_display_name_with_bidi_or_format_characters_is_refused_with_422(string displayName)
    {
        var refused = await SignUpAsync(new { username = "ann", email = "ann@example.com", password = "a long password", agreement = true, display_name = displayName }, 422);
        Assert.True(refused.GetProperty("details").TryGetProperty("display_name", out _));
    }

    [Fact]
    public async Task The_test_password_and_emoji_display_names_are_still_accepted()
    {
        await SignUpAsync(new { username = "ann", email = "ann@example.com", password = "correct horse battery", agreement = true, display_name = "Ann 👩‍💻" }, 200);
    }

    private async Task<JsonElement> SignUpAsync(object body, int status) =>
        await ReadJsonAsync(await _app.PostAsJsonAsync("/api/v1/accounts", body), status);
}
