using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;

namespace Chirp.Engine;

/// <summary>
/// Background upkeep: forgetting request ids older than <see cref="ChirpEngineOptions.RequestRetention"/>, and dropping
/// the stored timelines of users inactive for <see cref="ChirpEngineOptions.InactiveAfter"/>.
/// </summary>
public sealed partial class ChirpEngine
{
    private static readonly TimeSpan MaintenanceInterval = TimeSpan.FromMinutes(10);

    private readonly CancellationTokenSource _maintenanceStop = new();
    private Task _maintenance = Task.CompletedTask;

    private void StartMaintenance() => _maintenance = Task.Run(MaintainAsync);

    private async Task MaintainAsync()
    {
        using var timer = new PeriodicTimer(MaintenanceInterval, Options.Clock);
        try
        {
            do
            {
                await PruneRequestsAsync().ConfigureAwait(false);
                DropInactiveTimelines();
            }
            while (await timer.WaitForNextTickAsync(_maintenanceStop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_maintenanceStop.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException)
        {
            // The engine closed while a prune was queued; the next open prunes.
        }
    }

    /// <summary>Forgets, on every shard, the request ids applied before now minus the retention.</summary>
    internal async Task PruneRequestsAsync()
    {
        long before = (Options.Clock.GetUtcNow() - Options.RequestRetention).ToUnixTimeMilliseconds();
        foreach (var shard in _shards)
        {
            ApplyResult result;
            do
            {
                result = await shard.SubmitAsync(new PruneRequests { BeforeMs = before }).ConfigureAwait(false);
            }
            while (result.Id == 10_000 && !_maintenanceStop.IsCancellationRequested);
        }
    }

    private void StopMaintenance()
    {
        _maintenanceStop.Cancel();
        try
        {
            _maintenance.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _maintenanceStop.Dispose();
    }
}
