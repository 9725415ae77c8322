using Chirp.Engine.Tests.Server.Support;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Api;

/// <summary>Secrets and search terms stay out of the logs, even at Trace; requests and security events are logged.</summary>
public sealed class LogHygieneTests
{
    private static Task<RunningServer> StartLoggingEverythingAsync(LogCapture log) =>
        StartConfiguredAsync(builder => builder.Logging.AddProvider(log), null, "--Logging:LogLevel:Default", "Trace", "--Logging:LogLevel:Microsoft", "Trace");

    [Fact]
    public async Task Passwords_in_query_strings_and_search_terms_never_reach_the_log_even_at_trace()
    {
        var log = new LogCapture();
        await using var server = await StartLoggingEverythingAsync(log);
        string token = await server.SignUpAsync("ann", "a long password");
        var (clientId, secret) = await server.RegisterAppAsync();

        var refused = await ReadJsonAsync(await server.Client.PostAsync(
            $"/oauth/token?grant_type=password&client_id={clientId}&client_secret={secret}&username=ann&password=hunter2hunter2", null), 400);
        Assert.Equal("invalid_request", refused.GetProperty("error").GetString());
        using var ann = server.ClientWithToken(token);
        await ReadJsonAsync(await ann.GetAsync("/api/v2/search?q=secretword&type=statuses"), 200);
        await ReadJsonAsync(await ann.GetAsync("/api/v1/accounts/lookup?acct=secretword"), 404);

        Assert.NotEmpty(log.Entries);
        Assert.DoesNotContain(log.Entries, e => e.Everything.Contains("hunter2hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Everything.Contains("secretword", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Everything.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.Everything.Contains("a long password", StringComparison.Ordinal));

        var requests = log.Entries.Where(e => e.Category == "Chirp.Server.Requests" && e.Level == LogLevel.Information).ToList();
        Assert.Contains(requests, e => e.Text("Method") == "POST" && e.Text("Path") == "/oauth/token" && e.Text("StatusCode") == "400");
        Assert.Contains(requests, e => e.Text("Path") == "/api/v2/search" && e.Text("StatusCode") == "200");
    }

    [Fact]
    public async Task Sign_up_logins_and_revocations_are_logged_as_security_events_without_secrets()
    {
        var log = new LogCapture();
        await using var server = await StartLoggingEverythingAsync(log);
        await server.SignUpAsync("ann", "a long password");
        long annId = server.Engine.GetAccountByUsername("ann")!.Id;
        var (clientId, secret) = await server.RegisterAppAsync();

        await ReadJsonAsync(await server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", "ann"), ("password", "wrong password typed"))), 400);
        var token = (await ReadJsonAsync(await server.Client.PostAsync("/oauth/token", Form(
            ("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", "ann"), ("password", "a long password"))), 200)).GetProperty("access_token").GetString()!;
        await ReadJsonAsync(await server.Client.PostAsync("/oauth/revoke", Form(("client_id", clientId), ("client_secret", secret), ("token", token))), 200);

        var events = log.Entries.Where(e => e.Category == "Chirp.Server.Security" && e.Level == LogLevel.Information).ToList();
        string id = annId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(events, e => e.Message.StartsWith("Sign-up", StringComparison.Ordinal) && e.Text("AccountId") == id && e.Text("Username") == "ann");
        Assert.Contains(events, e => e.Message.StartsWith("Failed login", StringComparison.Ordinal) && e.Text("ClientId") == clientId);
        Assert.Contains(events, e => e.Message.StartsWith("Login", StringComparison.Ordinal) && e.Text("AccountId") == id && e.Text("Grant") == "password");
        Assert.Contains(events, e => e.Message.StartsWith("Token", StringComparison.Ordinal) && e.Text("ClientId") == clientId && !string.IsNullOrEmpty(e.Text("TokenId")));
        Assert.DoesNotContain(log.Entries, e => e.Everything.Contains("wrong password typed", StringComparison.Ordinal) || e.Everything.Contains(token, StringComparison.Ordinal));
    }
}
