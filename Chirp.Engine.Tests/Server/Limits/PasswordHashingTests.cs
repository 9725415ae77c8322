using System.Net;
using System.Net.Http.Json;
using Chirp.Engine.Tests.Server.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using static Chirp.Engine.Tests.Server.Support.RunningServer;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>
/// The password hashing gate: with one slot and a hash held in it, further sign-ins and sign-ups are refused with 503
/// and Retry-After instead of waiting for the CPU, and everything else is served.
/// </summary>
public sealed class PasswordHashingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task With_the_hashing_slot_taken_and_no_queue_sign_ins_and_sign_ups_get_503_while_other_requests_are_served()
    {
        var hasher = new GatedPasswordHasher();
        await using var server = await StartHashingAsync(hasher, "--Chirp:PasswordHashing:Concurrency", "1", "--Chirp:PasswordHashing:QueueLength", "0");
        using var guard = new CancellationTokenSource(Guard);
        var (clientId, secret, held) = await HoldOneSignInAsync(server, hasher, guard.Token);

        using var refused = await server.Client.PostAsync("/oauth/token", PasswordGrant(clientId, secret, "ann", "a long password"), guard.Token);
        var body = await ReadJsonAsync(refused, 503);
        Assert.Equal("temporarily_unavailable", body.GetProperty("error").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/v1/instance", guard.Token)).StatusCode);

        using var appClient = server.ClientWithToken(await AppTokenAsync(server, clientId, secret));
        var signUp = await appClient.PostAsJsonAsync("/api/v1/accounts", NewAccount("cat"), guard.Token);
        Assert.Equal("The server is busy; try again shortly", (await ReadJsonAsync(signUp, 503)).GetProperty("error").GetString());
        Assert.NotNull(signUp.Headers.RetryAfter);

        hasher.Release();
        await ReadJsonAsync(await held, 200);
        // The refused sign-up left nothing behind: the name is free.
        await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", NewAccount("cat"), guard.Token), 200);
    }

    [Fact]
    public async Task A_sign_in_that_waits_longer_than_MaxWait_for_the_hashing_slot_gets_503()
    {
        var hasher = new GatedPasswordHasher();
        await using var server = await StartHashingAsync(hasher,
            "--Chirp:PasswordHashing:Concurrency", "1", "--Chirp:PasswordHashing:QueueLength", "4", "--Chirp:PasswordHashing:MaxWait", "00:00:00.2");
        using var guard = new CancellationTokenSource(Guard);
        var (clientId, secret, held) = await HoldOneSignInAsync(server, hasher, guard.Token);

        using var waited = await server.Client.PostAsync("/oauth/token", PasswordGrant(clientId, secret, "ann", "a long password"), guard.Token);
        Assert.Equal("temporarily_unavailable", (await ReadJsonAsync(waited, 503)).GetProperty("error").GetString());
        hasher.Release();
        await ReadJsonAsync(await held, 200);
        Assert.Equal(1, hasher.Verifications);
    }

    /// <summary>Signs ann up, then starts her sign-in and waits until its hash holds the gated hasher's slot.</summary>
    private static async Task<(string ClientId, string Secret, Task<HttpResponseMessage> Held)> HoldOneSignInAsync(
        RunningServer server, GatedPasswordHasher hasher, CancellationToken cancellationToken)
    {
        var (clientId, secret) = await server.RegisterAppAsync();
        await server.SignUpAsync("ann", "a long password");
        hasher.Hold();
        var held = server.Client.PostAsync("/oauth/token", PasswordGrant(clientId, secret, "ann", "a long password"), cancellationToken);
        await hasher.WaitUntilEnteredAsync(cancellationToken);
        return (clientId, secret, held);
    }

    internal static FormUrlEncodedContent PasswordGrant(string clientId, string secret, string username, string password) =>
        Form(("grant_type", "password"), ("client_id", clientId), ("client_secret", secret), ("username", username), ("password", password));

    private static object NewAccount(string username) =>
        new { username, email = username + "@example.com", password = "a long password", agreement = true };

    private static async Task<string> AppTokenAsync(RunningServer server, string clientId, string secret)
    {
        var response = await server.Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write follow")));
        return (await ReadJsonAsync(response, 200)).GetProperty("access_token").GetString()!;
    }

    private static Task<RunningServer> StartHashingAsync(GatedPasswordHasher hasher, params string[] settings) =>
        StartConfiguredAsync(builder => builder.Services.AddSingleton<IPasswordHasher<string>>(hasher), null, settings);
}
