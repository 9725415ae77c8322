using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Limits;

/// <summary>
/// Bounds the CPU spent on password hashing (a <see cref="ConcurrencyLimiter"/>): at most
/// <see cref="PasswordHashingOptions.Concurrency"/> hashes run, <see cref="PasswordHashingOptions.QueueLength"/> wait
/// in order, each at most <see cref="PasswordHashingOptions.MaxWait"/>; the rest are refused at once, so a storm of
/// sign-ins costs bounded CPU and leaves the other cores to the other requests.
/// </summary>
public sealed class PasswordHashGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly TimeSpan _maxWait;
    private readonly ILogger<PasswordHashGate> _logger;

    public PasswordHashGate(IOptions<PasswordHashingOptions> options, ILogger<PasswordHashGate> logger)
    {
        var settings = options.Value;
        _maxWait = settings.MaxWait;
        _logger = logger;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = settings.Concurrency,
            QueueLimit = settings.QueueLength,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>How long a refused client should wait: a queue's worth of hashes takes about this long.</summary>
    public static TimeSpan RetryAfter => TimeSpan.FromSeconds(1);

    /// <summary>Runs the hash when a slot is free; false when the gate is full or the wait too long (nothing was hashed).</summary>
    public async Task<bool> TryRunAsync(Action hash, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(_maxWait);
        RateLimitLease lease;
        try
        {
            lease = await _limiter.AcquireAsync(1, wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Password hashing refused: waited {MaxWaitSeconds} s for a slot", _maxWait.TotalSeconds);
            return false;
        }

        using (lease)
        {
            if (!lease.IsAcquired)
            {
                _logger.LogWarning("Password hashing refused: every slot busy and the queue full");
                return false;
            }

            hash();
            return true;
        }
    }

    public void Dispose() => _limiter.Dispose();
}
