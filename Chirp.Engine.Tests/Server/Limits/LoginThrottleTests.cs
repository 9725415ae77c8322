using System.Net;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>
/// Sign-in throttling: after 5 failures for an account (or 20 for an address) each further attempt must wait 1 s,
/// then 2 s, 4 s...; the wait is checked before hashing, unknown accounts are throttled like known ones, and a success
/// clears the account's failures. The server's clock is a <see cref="ManualClock"/>, so waits pass when the test says.
/// </summary>
public sealed class LoginThrottleTests
{
    private const string Password = "a long password";

    [Fact]
    public async Task After_five_wrong_passwords_the_account_waits_1_s_then_2_s_and_a_success_clears_its_failures()
    {
        var clock = new ManualClock();
        await using var server = await StartAsync(clock, new GatedPasswordHasher(), new LogCapture());
        var (clientId, secret) = await server.RegisterAppAsync();
        await server.SignUpAsync("ann", Password);
        for (int i = 0; i < 5; i++)
        {
            // Username and e-mail name one account: their failures count together.
            await ReadJsonAsync(await SignInAsync(server, clientId, secret, i % 2 == 0 ? "ann" : "ANN@example.com", "wrong password"), 400);
        }

        using var throttled = await SignInAsync(server, clientId, secret, "ann", Password);
        var body = await ReadJsonAsync(throttled, 429);
        Assert.Equal("slow_down", body.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("error_description").GetString()));
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromSeconds(1));
        await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", "wrong again"), 400);
        Assert.Equal(TimeSpan.FromSeconds(2), (await SignInAsync(server, clientId, secret, "ann", Password)).Headers.RetryAfter?.Delta);

        clock.Advance(TimeSpan.FromSeconds(2));
        await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", Password), 200);
        for (int i = 0; i < 5; i++)
        {
            await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", "wrong password"), 400);
        }

        await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", Password), 429);
    }

    [Fact]
    public async Task Throttled_sign_ins_cost_no_hash_and_are_logged_without_the_password()
    {
        var hasher = new GatedPasswordHasher();
        var log = new LogCapture();
        await using var server = await StartAsync(new ManualClock(), hasher, log);
        var (clientId, secret) = await server.RegisterAppAsync();
        await server.SignUpAsync("ann", Password);
        for (int i = 0; i < 5; i++)
        {
            await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", "wrong password"), 400);
        }

        int hashes = hasher.Verifications;
        for (int i = 0; i < 10; i++)
        {
            await ReadJsonAsync(await SignInAsync(server, clientId, secret, "ann", "guess " + i), 429);
        }

        Assert.Equal(hashes, hasher.Verifications);
        var refusals = log.Entries.Where(e => e.Category == "Chirp.Server.Limits.LoginThrottle").ToList();
        Assert.Equal(10, refusals.Count);
        Assert.All(refusals, e =>
        {
            Assert.Equal(LogLevel.Warning, e.Level);
            Assert.Equal("account", e.Text("Limit"));
            Assert.Equal("127.0.0.1", e.Text("Partition"));
            Assert.Equal("1", e.Text("RetryAfterSeconds"));
            Assert.DoesNotContain("guess", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task An_unknown_account_is_throttled_exactly_like_a_known_one()
    {
        await using var server = await StartAsync(new ManualClock(), new GatedPasswordHasher(), new LogCapture());
        var (clientId, secret) = await server.RegisterAppAsync();
        await server.SignUpAsync("ann", Password);
        var answers = new List<string>();
        foreach (string login in new[] { "ann", "nobody" })
        {
            for (int i = 0; i < 5; i++)
            {
                answers.Add((await ReadJsonAsync(await SignInAsync(server, clientId, secret, login, "wrong password"), 400)).ToString());
            }

            using var throttled = await SignInAsync(server, clientId, secret, login, "wrong password");
            answers.Add((await ReadJsonAsync(throttled, 429)).ToString() + throttled.Headers.RetryAfter);
        }

        Assert.Equal(answers[..6], answers[6..]);
    }

    [Fact]
    public async Task An_address_is_throttled_across_accounts()
    {
        await using var server = await StartAsync(new ManualClock(), new GatedPasswordHasher(), new LogCapture(), "--Chirp:LoginThrottle:FailuresPerAddress", "3");
        var (clientId, secret) = await server.RegisterAppAsync();
        foreach (string login in new[] { "a", "b", "c" })
        {
            await ReadJsonAsync(await SignInAsync(server, clientId, secret, login, "wrong password"), 400);
        }

        var body = await ReadJsonAsync(await SignInAsync(server, clientId, secret, "d", "wrong password"), 429);
        Assert.Equal("slow_down", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_login_page_shows_the_throttle_message_with_429_and_retry_after()
    {
        await using var server = await StartAsync(new ManualClock(), new GatedPasswordHasher(), new LogCapture());
        var (clientId, _) = await server.RegisterAppAsync("https://app.example/callback");
        await server.SignUpAsync("ann", Password);
        for (int i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await LoginFormAsync(server, clientId, "wrong password")).StatusCode);
        }

        using var throttled = await LoginFormAsync(server, clientId, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal("text/html", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many failed sign-ins", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), throttled.Headers.RetryAfter?.Delta);
    }

    private static Task<HttpResponseMessage> SignInAsync(RunningServer server, string clientId, string secret, string login, string password) =>
        server.Client.PostAsync("/oauth/token", PasswordHashingTests.PasswordGrant(clientId, secret, login, password));

    private static Task<HttpResponseMessage> LoginFormAsync(RunningServer server, string clientId, string password) =>
        server.Client.PostAsync("/oauth/authorize", Form(
            ("client_id", clientId), ("redirect_uri", "https://app.example/callback"), ("response_type", "code"), ("scope", "read"),
            ("username", "ann"), ("password", password)));

    private static Task<RunningServer> StartAsync(ManualClock clock, GatedPasswordHasher hasher, LogCapture log, params string[] settings) =>
        StartConfiguredAsync(
            builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.AddSingleton<IPasswordHasher<string>>(hasher);
                builder.Logging.AddProvider(log);
            },
            null,
            settings);
}
