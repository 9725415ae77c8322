using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Chirp.Server.Limits;

/// <summary>
/// A fixed-window limit per key (System.Threading.RateLimiting's <see cref="FixedWindowRateLimiter"/> behind a
/// <see cref="PartitionedRateLimiter"/>), that also knows when each key's window ends, for the
/// <c>X-RateLimit-Reset</c> header: a partition's windows start when its limiter is made.
/// </summary>
public sealed class WindowedLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _windowStarts = new();
    private readonly TimeProvider _clock;

    public WindowedLimiter(int permitsPerMinute, TimeProvider clock)
    {
        Limit = permitsPerMinute;
        _clock = clock;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, partition =>
        {
            _windowStarts[partition] = _clock.GetUtcNow();
            return new FixedWindowRateLimiterOptions { PermitLimit = permitsPerMinute, Window = Window, QueueLimit = 0, AutoReplenishment = true };
        }));
    }

    public int Limit { get; }

    /// <summary>Takes one permit for the key; says whether it was granted, what is left, and when the window ends.</summary>
    public RateLimitDecision Acquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        long remaining = _limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0;
        var now = _clock.GetUtcNow();
        var start = _windowStarts.GetValueOrDefault(key, now);
        long windows = Math.Max(1, (long)Math.Ceiling((now - start) / Window));
        var reset = start + (windows * Window);
        if (reset <= now)
        {
            reset = now + Window;
        }

        return new RateLimitDecision(lease.IsAcquired, Limit, Math.Max(0, remaining), reset);
    }

    public void Dispose() => _limiter.Dispose();
}
