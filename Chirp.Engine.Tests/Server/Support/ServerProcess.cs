using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Chirp.Bench.Support;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// Chirp.Server as its own process (<c>dotnet Chirp.Server.dll</c>) on a loopback port, for the tests that kill it or
/// read what it writes to stdout. The <see cref="ChildProcess"/> it returns kills the server when disposed.
/// </summary>
public static class ServerProcess
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts the server on <paramref name="directory"/> and <paramref name="port"/> with generous rate limits, the
    /// given settings after them, and waits until <c>/readyz</c> answers; kills it at once if it does not get ready.
    /// </summary>
    public static async Task<ChildProcess> StartAsync(string directory, int port, IReadOnlyList<string>? settings = null, Action<string?>? onOutput = null)
    {
        // The last lines the server wrote, for the message when it exits instead of getting ready.
        var lastLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Keep(string? line)
        {
            if (line is not null)
            {
                lastLines.Enqueue(line);
                while (lastLines.Count > 20 && lastLines.TryDequeue(out _))
                {
                }
            }
        }

        var server = Launch(directory, port, settings, line =>
        {
            Keep(line);
            onOutput?.Invoke(line);
        }, Keep);
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(2) };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < ReadyTimeout)
            {
                Assert.False(server.HasExited, $"the server exited with code {(server.HasExited ? server.Process.ExitCode : 0)}; its last lines:\n{string.Join('\n', lastLines)}");
                try
                {
                    if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(100);
            }

            throw new TimeoutException($"The server did not become ready within {ReadyTimeout.TotalSeconds:F0} s.");
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server as <see cref="StartAsync"/> does, without waiting for it: for tests of a start that fails.</summary>
    public static ChildProcess Launch(string directory, int port, IReadOnlyList<string>? settings = null, Action<string?>? onOutput = null, Action<string?>? onError = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chirp.Server.dll"));
        foreach (string argument in new[]
        {
            "--urls", $"http://127.0.0.1:{port}", "--Chirp:DataDirectory", directory, "--Chirp:ShardCount", "2",
            "--Chirp:RateLimits:RequestsPerIpPerMinute", "1000000", "--Chirp:RateLimits:StatusesPerUserPerMinute", "1000000",
            "--Logging:LogLevel:Default", "Warning",
        }.Concat(settings ?? []))
        {
            start.ArgumentList.Add(argument);
        }

        return ChildProcess.Start(start, onOutput ?? (_ => { }), onError ?? (_ => { }));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
