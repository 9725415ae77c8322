using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload.Redis;

/// <summary>
/// A private <c>redis-server</c> on 127.0.0.1: a free port, a new temporary directory for its append-only file and its
/// log, no RDB snapshots, <c>appendonly yes</c> with <c>appendfsync everysec</c> (the common production setting: a
/// write is in the AOF, in the OS's buffers, when it is acknowledged and fsynced within a second). Started by
/// <see cref="StartAsync"/>, which returns once the server answers PING; disposing it shuts the server down
/// (SHUTDOWN NOSAVE, killed if it does not exit) and deletes the directory.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    /// <summary>The binary looked up on PATH when no path is given (Debian's <c>redis-server</c> package).</summary>
    public const string DefaultBinary = "redis-server";

    /// <summary>The persistence settings every server gets, for descriptions.</summary>
    public const string Persistence = "appendonly yes, appendfsync everysec, no RDB snapshots";

    private const int PortAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly ChildProcess _process;
    private int _disposed;

    private RedisServerProcess(ChildProcess process, string binary, int port, string directory)
    {
        _process = process;
        Binary = binary;
        Port = port;
        Directory = directory;
        ProcessId = process.Id;
    }

    /// <summary>The binary that runs.</summary>
    public string Binary { get; }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's directory (AOF, log); deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>The server's process id (for its peak RSS in <c>/proc/&lt;pid&gt;/status</c>).</summary>
    public int ProcessId { get; }

    /// <summary>Whether the server process has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts a server and waits until it answers PING. Throws <see cref="WorkloadSystemUnavailableException"/> if the
    /// binary is missing or the server does not come up within 10 s.
    /// </summary>
    /// <param name="binary">A path, or a bare name looked up on PATH; default <see cref="DefaultBinary"/>.</param>
    /// <param name="parentDirectory">Where to create the server's directory; default the system's temporary directory.</param>
    /// <param name="extraArguments">More <c>--name value</c> arguments for the server, after the fixed ones.</param>
    /// <param name="cancellationToken">Cancels the wait (the process is stopped and the directory deleted).</param>
    public static async Task<RedisServerProcess> StartAsync(
        string? binary = null,
        string? parentDirectory = null,
        IReadOnlyList<string>? extraArguments = null,
        CancellationToken cancellationToken = default)
    {
        string path = ResolveBinary(binary ?? DefaultBinary);
        string directory = Path.Combine(parentDirectory ?? Path.GetTempPath(), "chirp-redis-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                int port = FreeLoopbackPort();
                var (server, failure) = await TryStartAsync(path, port, directory, extraArguments, cancellationToken).ConfigureAwait(false);
                if (server is not null)
                {
                    return server;
                }

                // Another process may have taken the port between our probe and the server's bind: try another.
                if (attempt < PortAttempts && failure.Contains("Address already in use", StringComparison.Ordinal))
                {
                    continue;
                }

                throw new WorkloadSystemUnavailableException($"redis-server ({path}) did not start: {failure}");
            }
        }
        catch
        {
            WorkloadFiles.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>Bytes of the files in the server's directory now (AOF base and increments, manifest, log).</summary>
    public long DiskBytes() => WorkloadFiles.DirectoryBytes(Directory);

    /// <summary>Shuts the server down without saving (killed if it has not exited within 10 s) and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                await TrySendAsync(Port, "SHUTDOWN NOSAVE\r\n").ConfigureAwait(false);
                using var wait = new CancellationTokenSource(ExitTimeout);
                try
                {
                    await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Killed by the disposal below.
                }
            }
        }
        finally
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            WorkloadFiles.DeleteDirectory(Directory);
        }
    }

    private static async Task<(RedisServerProcess? Server, string Failure)> TryStartAsync(
        string path, int port, string directory, IReadOnlyList<string>? extraArguments, CancellationToken cancellationToken)
    {
        string log = Path.Combine(directory, "redis.log");
        var start = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = directory,
        };
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", directory,
            "--logfile", log,
            "--daemonize", "no",
            "--save", "",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
        ];
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string argument in extraArguments ?? [])
        {
            start.ArgumentList.Add(argument);
        }

        var output = new OutputTail();
        ChildProcess process;
        try
        {
            process = ChildProcess.Start(start, output.Add, output.Add);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new WorkloadSystemUnavailableException($"{path} could not be started ({e.Message}); install Debian's redis-server package.", e);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                    string failure = $"it exited with code {process.Process.ExitCode}. {Tail(output, log)}";
                    await process.DisposeAsync().ConfigureAwait(false);
                    return (null, failure);
                }

                if (await PingAsync(port, cancellationToken).ConfigureAwait(false))
                {
                    return (new RedisServerProcess(process, path, port, directory), "");
                }

                if (clock.Elapsed > StartTimeout)
                {
                    string failure = $"it did not answer PING on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:F0} s. {Tail(output, log)}";
                    await process.DisposeAsync().ConfigureAwait(false);
                    return (null, failure);
                }

                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static string ResolveBinary(string binary)
    {
        if (binary.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(binary)
                ? Path.GetFullPath(binary)
                : throw new WorkloadSystemUnavailableException($"{binary} does not exist; install Debian's redis-server package.");
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new WorkloadSystemUnavailableException($"{binary} not found on PATH; install Debian's redis-server package.");
    }

    /// <summary>Whether the default binary is on PATH (for tests that need a server).</summary>
    public static bool IsInstalled()
    {
        try
        {
            ResolveBinary(DefaultBinary);
            return true;
        }
        catch (WorkloadSystemUnavailableException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            int read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            return buffer.AsSpan(0, read).StartsWith("+PONG"u8);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task TrySendAsync(int port, string command)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command), timeout.Token).ConfigureAwait(false);
            // The server closes the connection as it exits (or answers an error, which the exit wait then handles).
            _ = await stream.ReadAsync(new byte[256], timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
        }
    }

    private static string Tail(OutputTail output, string log)
    {
        var text = new StringBuilder();
        string console = output.Text();
        if (console.Length > 0)
        {
            text.Append("Output: ").Append(console).Append(' ');
        }

        try
        {
            if (File.Exists(log))
            {
                string[] lines = File.ReadAllLines(log);
                text.Append("Log: ").AppendJoin(" | ", lines.TakeLast(8));
            }
        }
        catch (IOException)
        {
        }

        return text.ToString();
    }
}
