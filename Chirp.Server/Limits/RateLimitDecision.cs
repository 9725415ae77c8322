namespace Chirp.Server.Limits;

/// <summary>The outcome of taking a permit: granted or not, the limit, what is left, and when the window ends.</summary>
public readonly record struct RateLimitDecision(bool Granted, int Limit, long Remaining, DateTimeOffset Reset)
{
    public TimeSpan RetryAfter(DateTimeOffset now) => Reset > now ? Reset - now : TimeSpan.FromSeconds(1);
}
