using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Chirp.Bench.Support;
using Npgsql;

namespace Chirp.Bench.Workload;

/// <summary>
/// A throw-away PostgreSQL server: a fresh cluster (initdb) in a new temporary directory, run by this process as a
/// child on a free loopback port, stopped (fast shutdown) and deleted on dispose.
/// </summary>
/// <remarks>
/// <para>
/// The cluster has one superuser, <c>chirp</c>, trusted on loopback (no password), UTF-8, with the C collation (byte
/// order: fast, and no collation-version hazards for the indexes) and the C.UTF-8 character classification, so that
/// full-text search lower-cases every script, not only ASCII. initdb runs with <c>--no-sync</c> (the empty cluster
/// is not fsynced; the server itself runs with fsync and synchronous commit on, durable).
/// </para>
/// <para>
/// PostgreSQL refuses to run as root. When this process is root, initdb and postgres run as the <c>postgres</c> user
/// (which the Debian package creates) through <c>runuser -u postgres --</c>, and the directory is handed to that user;
/// it must then lie somewhere that user can reach (the default, the system temp directory, is).
/// </para>
/// </remarks>
public sealed class PostgresServerProcess : IAsyncDisposable
{
    /// <summary>The superuser initdb creates; trusted on loopback.</summary>
    public const string SuperUser = "chirp";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly ChildProcess _process;
    private readonly OutputTail _output;
    private int _disposed;

    private PostgresServerProcess(ChildProcess process, OutputTail output, string directory, string binDirectory, int port, int postmasterPid, IReadOnlyList<string> settings)
    {
        _process = process;
        _output = output;
        Directory = directory;
        BinDirectory = binDirectory;
        Port = port;
        PostmasterPid = postmasterPid;
        Settings = settings;
    }

    /// <summary>
    /// The server settings (<c>-c name=value</c>) besides the port, socket directory and listen address, sized for
    /// a 24 GiB, 2-core machine that the server shares with the harness. fsync, synchronous_commit and
    /// full_page_writes keep their defaults (on): every acknowledged commit is durable.
    /// </summary>
    /// <remarks>
    /// shared_buffers 1 GB; effective_cache_size 16 GB (the OS page cache, a planner hint); work_mem 16 MB;
    /// maintenance_work_mem 1 GB (index builds after the bulk load); max_wal_size 4 GB and checkpoint_timeout 15 min
    /// (fewer checkpoints and full-page images under a write-heavy load; durability unchanged); random_page_cost 1.1
    /// and effective_io_concurrency 200 (SSD); jit off (short OLTP queries only pay JIT compilation, the usual
    /// OLTP setting); max_connections 200 (the pool's 64 with room to spare).
    /// </remarks>
    public static IReadOnlyList<string> DefaultSettings { get; } =
    [
        "max_connections=200",
        "shared_buffers=1GB",
        "effective_cache_size=16GB",
        "work_mem=16MB",
        "maintenance_work_mem=1GB",
        "max_wal_size=4GB",
        "checkpoint_timeout=15min",
        "random_page_cost=1.1",
        "effective_io_concurrency=200",
        "jit=off",
        "fsync=on",
        "synchronous_commit=on",
    ];

    /// <summary>The temporary directory: the cluster in <c>data/</c>, the Unix socket beside it.</summary>
    public string Directory { get; }

    /// <summary>The cluster's data directory.</summary>
    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>Where initdb and postgres were found.</summary>
    public string BinDirectory { get; }

    /// <summary>The loopback TCP port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The postmaster's process id (the server's parent process; every backend is its child).</summary>
    public int PostmasterPid { get; }

    /// <summary>The settings the server was started with (<c>name=value</c>), in order; a later one wins.</summary>
    public IReadOnlyList<string> Settings { get; }

    /// <summary>
    /// The newest PostgreSQL binary directory: the highest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> (Debian),
    /// else the first PATH entry holding initdb and postgres; null if neither has them.
    /// </summary>
    public static string? FindBinDirectory()
    {
        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            var newest = System.IO.Directory.EnumerateDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), NumberStyles.Number, CultureInfo.InvariantCulture, out decimal v) ? v : -1))
                .Where(c => c.Version >= 0 && HasServerBinaries(c.Dir))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasServerBinaries);
    }

    /// <summary>
    /// Creates a cluster in a new directory under <paramref name="parent"/> (the system temp directory by default),
    /// starts the server with <see cref="DefaultSettings"/> followed by <paramref name="extraSettings"/>, and waits
    /// until it accepts connections.
    /// </summary>
    /// <exception cref="WorkloadSystemUnavailableException">The binaries are missing, or initdb or the server failed.</exception>
    public static async Task<PostgresServerProcess> StartAsync(string? parent = null, IReadOnlyList<string>? extraSettings = null, CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new WorkloadSystemUnavailableException("The PostgreSQL peer runs on Linux only (it reads /proc and signals the postmaster).");
        }

        string bin = FindBinDirectory()
            ?? throw new WorkloadSystemUnavailableException("PostgreSQL is not installed: no /usr/lib/postgresql/<version>/bin and no initdb and postgres on PATH.");
        bool root = PosixProcess.IsRoot;
        string directory = Path.Combine(parent ?? Path.GetTempPath(), "chirp-pg-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            if (root)
            {
                await RunToEndAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10), "chown of the PostgreSQL directory to the postgres user", cancellationToken).ConfigureAwait(false);
            }

            string data = Path.Combine(directory, "data");
            var (initdb, initdbArgs) = AsServerUser(root, Path.Combine(bin, "initdb"),
                ["-D", data, "-U", SuperUser, "--auth=trust", "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8", "--no-sync"]);
            await RunToEndAsync(initdb, initdbArgs, TimeSpan.FromSeconds(120), "initdb", cancellationToken).ConfigureAwait(false);

            int port = FreeLoopbackPort();
            string[] settings = [.. DefaultSettings, .. extraSettings ?? []];
            var serverArgs = new List<string> { "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture), "-k", directory, "-c", "listen_addresses=127.0.0.1" };
            foreach (string setting in settings)
            {
                serverArgs.Add("-c");
                serverArgs.Add(setting);
            }

            var (postgres, postgresArgs) = AsServerUser(root, Path.Combine(bin, "postgres"), serverArgs);
            var output = new OutputTail();
            var process = Start(postgres, postgresArgs, output);
            try
            {
                int pid = await WaitUntilReadyAsync(process, output, data, port, cancellationToken).ConfigureAwait(false);
                return new PostgresServerProcess(process, output, directory, bin, port, pid, settings);
            }
            catch
            {
                await StopAsync(process, ReadPostmasterPid(data)).ConfigureAwait(false);
                await process.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            WorkloadFiles.DeleteDirectory(directory);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> over loopback TCP as <see cref="SuperUser"/>, without pooling settings.</summary>
    public NpgsqlConnectionStringBuilder ConnectionString(string database) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
    };

    /// <summary>The postmaster and its children now (backends, checkpointer, WAL writer, autovacuum …); empty once stopped.</summary>
    public IReadOnlyList<int> ProcessIds()
    {
        if (!PosixProcess.IsAlive(PostmasterPid))
        {
            return [];
        }

        return [PostmasterPid, .. PosixProcess.Children(PostmasterPid)];
    }

    /// <summary>Bytes of every file in the data directory now (tables, indexes, WAL, catalogs).</summary>
    public long DiskBytes() => WorkloadFiles.DirectoryBytes(DataDirectory);

    /// <summary>The last lines the server wrote to its log (stderr), for error messages.</summary>
    public string RecentLog() => _output.Text();

    /// <summary>Stops the server (fast shutdown: clients are disconnected, a checkpoint is written) and deletes the directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync(_process, PostmasterPid).ConfigureAwait(false);
        }
        finally
        {
            await _process.DisposeAsync().ConfigureAwait(false);
            WorkloadFiles.DeleteDirectory(Directory);
        }
    }

    private static bool HasServerBinaries(string dir) =>
        File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres"));

    private static (string FileName, IReadOnlyList<string> Arguments) AsServerUser(bool root, string program, IReadOnlyList<string> arguments) =>
        root ? ("runuser", ["-u", "postgres", "--", program, .. arguments]) : (program, arguments);

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static ChildProcess Start(string fileName, IReadOnlyList<string> arguments, OutputTail output)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            return ChildProcess.Start(info, output.Add, output.Add);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new WorkloadSystemUnavailableException($"Could not run {fileName}: {e.Message}");
        }
    }

    private static async Task RunToEndAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var output = new OutputTail();
        await using var process = Start(fileName, arguments, output);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            cancellationToken.ThrowIfCancellationRequested();
            throw new WorkloadSystemUnavailableException($"{what} did not finish within {timeout.TotalSeconds:F0} s: {output.Text()}");
        }

        if (process.Process.ExitCode != 0)
        {
            throw new WorkloadSystemUnavailableException($"{what} failed (exit code {process.Process.ExitCode}): {output.Text()}");
        }
    }

    /// <summary>Polls with a connection attempt until the server answers, the child exits, or the start timeout passes.</summary>
    private static async Task<int> WaitUntilReadyAsync(ChildProcess process, OutputTail output, string data, int port, CancellationToken cancellationToken)
    {
        string probe = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = SuperUser,
            Database = "postgres",
            Pooling = false,
            Timeout = 2,
        }.ConnectionString;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new WorkloadSystemUnavailableException($"PostgreSQL exited during start-up (exit code {process.Process.ExitCode}): {output.Text()}");
            }

            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                int? pid = ReadPostmasterPid(data);
                if (pid is not null)
                {
                    return pid.Value;
                }
            }
            catch (NpgsqlException) when (clock.Elapsed < StartTimeout)
            {
                // Refused (not listening yet) or 57P03 (the database system is starting up).
            }
            catch (NpgsqlException e)
            {
                throw new WorkloadSystemUnavailableException($"PostgreSQL did not accept connections within {StartTimeout.TotalSeconds:F0} s ({e.Message}): {output.Text()}");
            }

            if (clock.Elapsed >= StartTimeout)
            {
                throw new WorkloadSystemUnavailableException($"PostgreSQL did not write its pid within {StartTimeout.TotalSeconds:F0} s: {output.Text()}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The postmaster's pid, the first line of <c>postmaster.pid</c>; null while the file is missing.</summary>
    private static int? ReadPostmasterPid(string data)
    {
        try
        {
            using var reader = new StreamReader(Path.Combine(data, "postmaster.pid"));
            return int.TryParse(reader.ReadLine(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// SIGINT to the postmaster (fast shutdown) and a wait for it and the child to exit; SIGKILL to the whole tree if
    /// that takes longer than <see cref="StopTimeout"/>.
    /// </summary>
    private static async Task StopAsync(ChildProcess process, int? postmasterPid)
    {
        if (postmasterPid is int pid)
        {
            PosixProcess.Signal(pid, PosixProcess.SigInt);
        }
        else if (!process.HasExited)
        {
            // No pid file yet: the child is the postmaster itself, or runuser in front of it (which passes SIGINT on).
            PosixProcess.Signal(process.Id, PosixProcess.SigInt);
        }

        using var timer = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            while (postmasterPid is int p && PosixProcess.IsAlive(p))
            {
                await Task.Delay(20, timer.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (postmasterPid is int p)
            {
                PosixProcess.Signal(p, PosixProcess.SigKill);
            }
        }
    }
}
