using Chirp.Engine;
using Chirp.Server.Operations;
using Microsoft.Extensions.Options;

namespace Chirp.Server;

/// <summary>Owns the engine for the lifetime of the host: opened at start, closed (queued writes applied) at shutdown.</summary>
public sealed class EngineHost(IOptions<ServerOptions> options, ILogger<EngineHost> logger) : IHostedService, IDisposable
{
    // Held while the engine closes and by UseWhileOpen, so that a scrape never reads a closing engine.
    private readonly Lock _lifetime = new();
    private ChirpEngine? _engine;

    public ChirpEngine Engine => _engine ?? throw new InvalidOperationException("The engine is not open yet.");

    public bool IsOpen => _engine is not null;

    /// <summary>Runs <paramref name="use"/> on the engine if it is open; closing waits for it, and it waits for closing.</summary>
    public void UseWhileOpen(Action<ChirpEngine> use)
    {
        lock (_lifetime)
        {
            if (_engine is { } engine)
            {
                use(engine);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        string path = Path.Combine(settings.DataPath, "engine");
        try
        {
            _engine = ChirpEngine.Open(ChirpEngineOptions.ForPath(path) with
            {
                ShardCount = settings.ShardCount,
                SyncWrites = settings.SyncWrites,
                CelebrityThreshold = settings.CelebrityThreshold,
                ExpectedActiveUsers = settings.ExpectedActiveUsers,
                TimelineMemoryBytes = (long)settings.TimelineMemoryMiB << 20,
                DamageRecovery = settings.DamageRecovery,
                OnStorageRecovery = recovery => StorageDamageLog.Recovered(logger, recovery),
                OnCloseFailure = failure => logger.LogError(failure, "Closing the engine at {Path}: {Failure}", path, failure.Message),
            });
        }
        catch (ChirpException refused) when (refused.ErrorCode == ChirpErrorCode.StorageDamaged)
        {
            StorageDamageLog.Refused(logger, refused);
            throw;
        }

        logger.LogInformation("Chirp engine open at {Path} with {Shards} shards, SyncWrites={SyncWrites}", path, settings.ShardCount, settings.SyncWrites);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_lifetime)
        {
            _engine?.Dispose();
            _engine = null;
        }
    }
}
