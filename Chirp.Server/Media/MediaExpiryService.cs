namespace Chirp.Server.Media;

/// <summary>Deletes uploads never attached to a status once they are older than the configured expiry, every hour.</summary>
public sealed class MediaExpiryService(MediaStore store, TimeProvider clock, ILogger<MediaExpiryService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var expired = store.ExpireUnattached(clock.GetUtcNow());
                if (expired.RecordsDeleted > 0)
                {
                    logger.LogInformation("Expired {Records} unattached uploads and {Files} content files", expired.RecordsDeleted, expired.ContentFilesDeleted);
                }
            }
            catch (IOException ex)
            {
                logger.LogWarning(ex, "Media expiry failed; it runs again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
