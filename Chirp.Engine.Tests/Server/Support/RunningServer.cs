using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Chirp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// Chirp.Server running in this process on a free loopback port, over a fresh data directory (deleted on dispose).
/// Requests go over real HTTP.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The engine inside the server, for waiting on fanout and indexing.</summary>
    public ChirpEngine Engine => _app.Services.GetRequiredService<EngineHost>().Engine;

    public static Task<RunningServer> StartAsync(string? dataDirectory = null, params string[] settings) =>
        StartConfiguredAsync(null, dataDirectory, settings);

    /// <summary>As <see cref="StartAsync"/>, with a hook on the builder (to add a logging provider, say).</summary>
    public static async Task<RunningServer> StartConfiguredAsync(Action<WebApplicationBuilder>? configure, string? dataDirectory, params string[] settings)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "chirp-server-test-" + Guid.NewGuid().ToString("N"));
        // SyncWrites off: these tests do not cut the power, and an fsync per write would slow the suite (the kill -9
        // tests run Chirp.Server as a process with its defaults, SyncWrites on).
        string[] args = ["--urls", "http://127.0.0.1:0", "--Chirp:DataDirectory", dataDirectory, "--Chirp:ShardCount", "2", "--Chirp:SyncWrites", "false", "--Logging:LogLevel:Default", "Warning", .. settings];
        var app = ServerApp.Build(args, configure);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningServer(app, dataDirectory, new Uri(address));
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers an app with every scope; returns its client id and secret.</summary>
    public async Task<(string ClientId, string ClientSecret)> RegisterAppAsync(string redirectUri = "urn:ietf:wg:oauth:2.0:oob", string scopes = "read write follow")
    {
        var response = await Client.PostAsJsonAsync("/api/v1/apps", new { client_name = "test app", redirect_uris = redirectUri, scopes });
        var app = await ReadJsonAsync(response, 200);
        return (app.GetProperty("client_id").GetString()!, app.GetProperty("client_secret").GetString()!);
    }

    /// <summary>Signs a user up through the API (app token, then POST /api/v1/accounts); returns the user's token.</summary>
    public async Task<string> SignUpAsync(string username, string password = "correct horse battery")
    {
        var (clientId, secret) = await RegisterAppAsync();
        var tokenResponse = await Client.PostAsync("/oauth/token", Form(("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret), ("scope", "read write follow")));
        var appToken = await ReadJsonAsync(tokenResponse, 200);
        using var appClient = ClientWithToken(appToken.GetProperty("access_token").GetString()!);
        var user = await ReadJsonAsync(await appClient.PostAsJsonAsync("/api/v1/accounts", new { username, email = username + "@example.com", password, agreement = true, locale = "en" }), 200);
        return user.GetProperty("access_token").GetString()!;
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Checks the status and that the body is JSON; returns the body.</summary>
    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        string body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Stops the server cleanly, leaving its data directory for a restart.</summary>
    public async Task DisposeAsyncKeepingData()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeAsyncKeepingData();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
