namespace Chirp.Engine.Lifetime;

/// <summary>
/// Lets calls into the engine run while it is open, and makes closing wait for the calls in flight: RocksDB and FASTER
/// free their native memory when they close, so a call that raced with closing would read freed memory and kill the
/// process. A call made once closing has begun gets <see cref="ObjectDisposedException"/> instead.
/// </summary>
internal sealed class CloseGate
{
    private const int ClosedBit = 1;
    private const int OneCall = 2;

    // The calls in flight times two, plus the closed bit: one word, so entering is one interlocked add.
    private int _state;

    /// <summary>Enters a call; dispose the pass when the call is done. Throws if the engine is closing or closed.</summary>
    public Pass Enter()
    {
        if ((Interlocked.Add(ref _state, OneCall) & ClosedBit) != 0)
        {
            Interlocked.Add(ref _state, -OneCall);
            throw new ObjectDisposedException(nameof(ChirpEngine), "The engine is closed.");
        }

        return new Pass(this);
    }

    /// <summary>Refuses new calls and waits for those in flight to finish.</summary>
    public void Close()
    {
        Interlocked.Or(ref _state, ClosedBit);
        var wait = new SpinWait();
        while (Volatile.Read(ref _state) != ClosedBit)
        {
            wait.SpinOnce(sleep1Threshold: 20);
        }
    }

    private void Exit() => Interlocked.Add(ref _state, -OneCall);

    /// <summary>A call's permission to touch storage; disposing it ends the call.</summary>
    public readonly struct Pass : IDisposable
    {
        private readonly CloseGate _gate;

        internal Pass(CloseGate gate) => _gate = gate;

        /// <summary>Ends the call.</summary>
        public void Dispose() => _gate.Exit();
    }
}
