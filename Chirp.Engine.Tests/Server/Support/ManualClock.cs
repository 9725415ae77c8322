namespace Chirp.Engine.Tests.Server.Support;

/// <summary>A clock for the server that starts at the real time and moves only when the test says.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
        }
    }
}
