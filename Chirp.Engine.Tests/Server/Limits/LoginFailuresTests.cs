using Chirp.Server.Limits;

namespace Chirp.Engine.Tests.Server.Limits;

/// <summary>The backoff of one account's or address's failed sign-ins: doubling from 1 s, capped, forgotten with the window.</summary>
public sealed class LoginFailuresTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(15);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_wait_doubles_from_one_second_after_the_allowed_failures_up_to_the_cap()
    {
        var failures = new LoginFailures();
        var waits = new List<TimeSpan>();
        for (int i = 0; i < 16; i++)
        {
            failures.Add(Start, allowed: 5, Window, Cap);
            waits.Add(failures.Wait(Start));
        }

        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero], waits[..4]);
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], waits[4..].Select(w => w.TotalSeconds));
    }

    [Fact]
    public void Failures_older_than_the_window_are_forgotten()
    {
        var failures = new LoginFailures();
        for (int i = 0; i < 4; i++)
        {
            failures.Add(Start, allowed: 5, Window, Cap);
        }

        var later = Start + Window + TimeSpan.FromSeconds(1);
        failures.Add(later, allowed: 5, Window, Cap);
        Assert.Equal(TimeSpan.Zero, failures.Wait(later));
    }

    [Fact]
    public void A_cleared_or_taken_back_failure_lifts_the_wait()
    {
        var cleared = new LoginFailures();
        var takenBack = new LoginFailures();
        for (int i = 0; i < 5; i++)
        {
            cleared.Add(Start, allowed: 5, Window, Cap);
            takenBack.Add(Start, allowed: 5, Window, Cap);
        }

        cleared.Clear();
        takenBack.Remove(allowed: 5);
        Assert.Equal(TimeSpan.Zero, cleared.Wait(Start));
        Assert.Equal(TimeSpan.Zero, takenBack.Wait(Start));
    }
}
