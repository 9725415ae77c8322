using Microsoft.Extensions.Options;
using Prometheus;

namespace Chirp.Server.Operations;

/// <summary>
/// Samples the free space of the data directory's file system every second (not per request) and says whether it is
/// below <see cref="DiskOptions.MinFreeMiB"/>; while it is, <see cref="LowDiskRefusal"/> refuses writes. Logs each
/// change of state once, and exports <c>chirp_disk_free_bytes</c> and <c>chirp_disk_min_free_bytes</c>.
/// </summary>
public sealed class DiskSpaceGuard : BackgroundService
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    private readonly string _dataPath;
    private readonly long _minFreeBytes;
    private readonly TimeProvider _time;
    private readonly ILogger<DiskSpaceGuard> _logger;
    private readonly Gauge _freeBytesGauge;
    private long _freeBytes = long.MaxValue;
    private volatile bool _isLow;

    public DiskSpaceGuard(IOptions<ServerOptions> server, IOptions<DiskOptions> disk, EngineMetrics metrics, TimeProvider time, ILogger<DiskSpaceGuard> logger)
    {
        _dataPath = server.Value.DataPath;
        _minFreeBytes = disk.Value.MinFreeBytes;
        _time = time;
        _logger = logger;
        var factory = Metrics.WithCustomRegistry(metrics.Registry);
        _freeBytesGauge = factory.CreateGauge("chirp_disk_free_bytes", "Free bytes (for this user) on the data directory's file system.");
        factory.CreateGauge("chirp_disk_min_free_bytes", "Below this many free bytes, writes are refused (Chirp:Disk:MinFreeMiB).").Set(_minFreeBytes);
        Sample();
    }

    /// <summary>Free bytes at the last sample.</summary>
    public long FreeBytes => Interlocked.Read(ref _freeBytes);

    public long MinFreeBytes => _minFreeBytes;

    /// <summary>Whether free space was below the minimum at the last sample: writes are refused.</summary>
    public bool IsLow => _isLow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SampleInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sample();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Sample()
    {
        long free;
        try
        {
            free = new DriveInfo(ExistingDirectory(_dataPath)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _logger.LogWarning(ex, "Could not read the free space of {Path}", _dataPath);
            return;
        }

        Interlocked.Exchange(ref _freeBytes, free);
        _freeBytesGauge.Set(free);
        bool low = free < _minFreeBytes;
        if (low == _isLow)
        {
            return;
        }

        _isLow = low;
        if (low)
        {
            _logger.LogError(
                "Free space on the file system of {Path} is {FreeMiB} MiB, below Chirp:Disk:MinFreeMiB ({MinFreeMiB} MiB): writes are refused with 507 until space is freed; reads go on",
                _dataPath, free >> 20, _minFreeBytes >> 20);
        }
        else
        {
            _logger.LogInformation("Free space on the file system of {Path} is back to {FreeMiB} MiB: writes are accepted again", _dataPath, free >> 20);
        }
    }

    /// <summary>The data directory, or before its first start the nearest directory above it that exists.</summary>
    private static string ExistingDirectory(string path)
    {
        string? current = path;
        while (current is not null && !Directory.Exists(current))
        {
            current = Path.GetDirectoryName(current);
        }

        return current ?? path;
    }
}
