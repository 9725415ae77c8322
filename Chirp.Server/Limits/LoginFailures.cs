namespace Chirp.Server.Limits;

/// <summary>
/// The failed sign-ins of one account or address in the current window, and until when the next attempt must wait:
/// once <c>allowed</c> failures are counted, 1 s, then twice as long with each further failure, up to the cap.
/// </summary>
public sealed class LoginFailures
{
    private readonly Lock _lock = new();
    private int _count;
    private DateTimeOffset _windowStart;
    private DateTimeOffset _blockedUntil;

    /// <summary>How long the next attempt must still wait; zero when it may go ahead.</summary>
    public TimeSpan Wait(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _blockedUntil > now ? _blockedUntil - now : TimeSpan.Zero;
        }
    }

    /// <summary>Counts a failure (an attempt counts as one until it succeeds, so parallel guesses are counted too).</summary>
    public void Add(DateTimeOffset now, int allowed, TimeSpan window, TimeSpan maxBackoff)
    {
        lock (_lock)
        {
            if (now - _windowStart > window)
            {
                _count = 0;
                _windowStart = now;
            }

            _count++;
            if (_count >= allowed)
            {
                // 2^(count - allowed) seconds; past 2^20 s any cap of at most a day is reached.
                int doublings = Math.Min(_count - allowed, 20);
                var backoff = TimeSpan.FromSeconds(1L << doublings);
                _blockedUntil = now + (backoff < maxBackoff ? backoff : maxBackoff);
            }
        }
    }

    /// <summary>Takes back an attempt counted by <see cref="Add"/> that turned out not to be a failure.</summary>
    public void Remove(int allowed)
    {
        lock (_lock)
        {
            _count = Math.Max(0, _count - 1);
            if (_count < allowed)
            {
                _blockedUntil = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Forgets every failure: the account's owner signed in.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _count = 0;
            _blockedUntil = DateTimeOffset.MinValue;
        }
    }
}
