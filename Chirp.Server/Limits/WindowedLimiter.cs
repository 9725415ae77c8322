using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Chirp.Server.Limits;

/// <summary>
/// A named fixed-window limit per key (System.Threading.RateLimiting's <see cref="FixedWindowRateLimiter"/> behind a
/// <see cref="PartitionedRateLimiter"/>), that also knows when each key's window ends, for the
/// <c>X-RateLimit-Reset</c> header: a partition's windows start when its limiter is made.
/// </summary>
public sealed class WindowedLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _windowStarts = new();
    private readonly TimeProvider _clock;

    public WindowedLimiter(string name, int permits, TimeSpan window, TimeProvider clock)
    {
        Name = name;
        Limit = permits;
        Window = window;
        _clock = clock;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, partition =>
        {
            _windowStarts[partition] = _clock.GetUtcNow();
            return new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
        }));
    }

    /// <summary>The setting's name, for logs.</summary>
    public string Name { get; }

    public int Limit { get; }

    public TimeSpan Window { get; }

    /// <summary>Takes one permit for the key; says whether it was granted, what is left, and when the window ends.</summary>
    public RateLimitDecision Acquire(string key)
    {
        using var lease = _limiter.AttemptAcquire(key);
        return Decision(key, lease.IsAcquired);
    }

    /// <summary>Whether the key has a permit left, without taking it.</summary>
    public RateLimitDecision Peek(string key) => Decision(key, granted: Available(key) > 0);

    /// <summary>
    /// Takes <paramref name="amount"/> permits, or all that are left when fewer are: for work already done (a status
    /// written, bytes stored), which is counted even when concurrent requests together went past the limit.
    /// </summary>
    public RateLimitDecision Spend(string key, long amount)
    {
        // A concurrent spend may take permits between the read and the acquire; then read again, so that the work is
        // counted rather than dropped.
        for (long take = Math.Min(amount, Available(key)); take > 0; take = Math.Min(amount, Available(key)))
        {
            using var lease = _limiter.AttemptAcquire(key, (int)take);
            if (lease.IsAcquired)
            {
                break;
            }
        }

        return Decision(key, granted: true);
    }

    private long Available(string key) => _limiter.GetStatistics(key)?.CurrentAvailablePermits ?? 0;

    private RateLimitDecision Decision(string key, bool granted)
    {
        long remaining = Available(key);
        var now = _clock.GetUtcNow();
        var start = _windowStarts.GetValueOrDefault(key, now);
        long windows = Math.Max(1, (long)Math.Ceiling((now - start) / Window));
        var reset = start + (windows * Window);
        if (reset <= now)
        {
            reset = now + Window;
        }

        return new RateLimitDecision(granted, Limit, Math.Max(0, remaining), reset);
    }

    public void Dispose() => _limiter.Dispose();
}
