using System.Globalization;
using Chirp.Engine;
using Chirp.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Chirp.Bench.Support;

/// <summary>
/// Chirp.Server in this process on a free loopback port over a fresh data directory (deleted on dispose), with rate
/// limits high enough never to refuse the benchmark, and an <see cref="HttpClient"/> pointed at it.
/// </summary>
public sealed class HttpBenchServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpBenchServer(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        _app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        // Connections are pooled without a cap so that the open-loop generator never queues behind the pool; the
        // closed loops use at most one each.
        Client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public string DataDirectory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    /// <summary>The engine inside the server, for waiting on fanout and indexing.</summary>
    public ChirpEngine Engine => _app.Services.GetRequiredService<EngineHost>().Engine;

    /// <summary>The server's service provider, for setup that a client could only do slowly (issuing tokens).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Server settings that lift every rate limit to the maximum its options accept (10 M requests per address, 1 M of
    /// each action per user per window, 1 M sign-ups per address), lift the sign-in throttle, and let password hashes
    /// queue instead of being refused, so that 429s and 503s do not hide the paths behind them (the bench, the fuzz test).
    /// </summary>
    public static IReadOnlyList<string> LiftedLimits { get; } =
    [
        "--Chirp:RateLimits:RequestsPerIpPerMinute", "10000000",
        "--Chirp:RateLimits:StatusesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:RepliesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:EditsPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:FavouritesPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:ReblogsPerUserPerMinute", "1000000",
        "--Chirp:RateLimits:FollowsPerUserPerDay", "1000000",
        "--Chirp:RateLimits:MediaUploadsPerUserPer30Minutes", "1000000",
        "--Chirp:RateLimits:SignUpsPerIpPer30Minutes", "1000000",
        "--Chirp:PasswordHashing:QueueLength", "10000",
        "--Chirp:PasswordHashing:MaxWait", "00:10:00",
        "--Chirp:LoginThrottle:FailuresPerAccount", "1000000",
        "--Chirp:LoginThrottle:FailuresPerAddress", "1000000",
    ];

    /// <summary>The settings handed to the server besides the port and directory: <see cref="LiftedLimits"/>, logs at Warning.</summary>
    public static IReadOnlyList<string> Settings { get; } = [.. LiftedLimits, "--Logging:LogLevel:Default", "Warning"];

    /// <summary>
    /// Starts the server with <paramref name="shards"/> engine shards in a new directory under <paramref name="parent"/>
    /// (the temporary directory if null); <paramref name="extraSettings"/> (pairs such as
    /// <c>"--Chirp:CelebrityThreshold", "5000"</c>) come after <see cref="Settings"/> and so override them.
    /// </summary>
    public static async Task<HttpBenchServer> StartAsync(int shards, string? parent, IReadOnlyList<string>? extraSettings = null)
    {
        string dataDirectory = Path.Combine(parent ?? Path.GetTempPath(), "chirp-http-bench-" + Guid.NewGuid().ToString("N"));
        string[] args =
        [
            "--urls", "http://127.0.0.1:0",
            "--Chirp:DataDirectory", dataDirectory,
            "--Chirp:ShardCount", shards.ToString(CultureInfo.InvariantCulture),
            .. Settings,
            .. extraSettings ?? [],
        ];
        var app = ServerApp.Build(args);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpBenchServer(app, dataDirectory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
