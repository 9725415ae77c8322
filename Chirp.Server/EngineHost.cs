using Chirp.Engine;
using Microsoft.Extensions.Options;

namespace Chirp.Server;

/// <summary>Owns the engine for the lifetime of the host: opened at start, closed (queued writes applied) at shutdown.</summary>
public sealed class EngineHost(IOptions<ServerOptions> options, ILogger<EngineHost> logger) : IHostedService, IDisposable
{
    private ChirpEngine? _engine;

    public ChirpEngine Engine => _engine ?? throw new InvalidOperationException("The engine is not open yet.");

    public bool IsOpen => _engine is not null;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        string path = Path.Combine(settings.DataPath, "engine");
        _engine = ChirpEngine.Open(ChirpEngineOptions.ForPath(path) with
        {
            ShardCount = settings.ShardCount,
            SyncWrites = settings.SyncWrites,
            CelebrityThreshold = settings.CelebrityThreshold,
        });
        logger.LogInformation("Chirp engine open at {Path} with {Shards} shards", path, settings.ShardCount);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _engine?.Dispose();
        _engine = null;
    }
}
