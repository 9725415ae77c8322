using System.Diagnostics;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Measures fanout lag as a reader sees it: on its own thread, it asks for one just-created tweet at a time (offered by
/// the create loops right after the create returned), then polls a follower's home timeline until the tweet is there.
/// The lag is from the create's return to the end of the first poll that shows the tweet, so it is an upper bound with
/// the resolution of one poll: polls run back to back (yielding) for the first 2 ms, then once a millisecond.
/// </summary>
public sealed class FanoutLagSampler : IDisposable
{
    private const int Idle = 0;
    private const int Wanted = 1;
    private const int Writing = 2;
    private const int Ready = 3;

    private static readonly long SpinTicks = Stopwatch.Frequency / 500;

    private readonly ChirpEngine _engine;
    private readonly TimeSpan _interval;
    private readonly long _timeoutTicks;
    private readonly List<long> _lags = [];
    private readonly Thread _thread;
    private int _state;
    private long _tweetId;
    private long _readerId;
    private long _returnedAt;
    private long _polls;
    private int _timeouts;
    private volatile bool _stop;

    /// <param name="engine">The engine to poll.</param>
    /// <param name="interval">Pause after each sample before asking for the next.</param>
    /// <param name="timeout">Give a sample up (and count it) after this long.</param>
    public FanoutLagSampler(ChirpEngine engine, TimeSpan interval, TimeSpan timeout)
    {
        _engine = engine;
        _interval = interval;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "fanout-lag-sampler" };
        _thread.Start();
    }

    /// <summary>Lags measured, in Stopwatch ticks.</summary>
    public IReadOnlyList<long> Lags => _lags;

    /// <summary>Samples given up after the timeout.</summary>
    public int Timeouts => _timeouts;

    /// <summary>Home-timeline reads the sampler made.</summary>
    public long Polls => _polls;

    /// <summary>Whether the sampler waits for a sample (a cheap check before <see cref="TryOffer"/>).</summary>
    public bool Wants => Volatile.Read(ref _state) == Wanted;

    /// <summary>
    /// Offers a tweet whose create returned at <paramref name="returnedAt"/> (Stopwatch timestamp), to be looked for in
    /// the home timeline of <paramref name="readerId"/>, a follower of its author. False if the sampler is busy.
    /// </summary>
    public bool TryOffer(long tweetId, long readerId, long returnedAt)
    {
        if (Interlocked.CompareExchange(ref _state, Writing, Wanted) != Wanted)
        {
            return false;
        }

        _tweetId = tweetId;
        _readerId = readerId;
        _returnedAt = returnedAt;
        Volatile.Write(ref _state, Ready);
        return true;
    }

    /// <summary>Stops sampling and waits for the thread; the results stay readable.</summary>
    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        while (true)
        {
            Volatile.Write(ref _state, Wanted);
            while (Volatile.Read(ref _state) != Ready)
            {
                if (_stop && Interlocked.CompareExchange(ref _state, Idle, Wanted) == Wanted)
                {
                    return;
                }

                Thread.Sleep(1);
            }

            Measure(_tweetId, _readerId, _returnedAt);
            Volatile.Write(ref _state, Idle);
            if (_stop)
            {
                return;
            }

            Thread.Sleep(_interval);
        }
    }

    private void Measure(long tweetId, long readerId, long returnedAt)
    {
        var probe = new PageRequest { MaxId = tweetId + 1, Limit = 1 };
        while (true)
        {
            var page = _engine.GetHomeTimeline(readerId, probe);
            long now = Stopwatch.GetTimestamp();
            _polls++;
            if (page.Items.Count > 0 && page.Items[0].Tweet.Id == tweetId)
            {
                _lags.Add(now - returnedAt);
                return;
            }

            if (now - returnedAt > _timeoutTicks)
            {
                _timeouts++;
                return;
            }

            if (now - returnedAt < SpinTicks)
            {
                Thread.Yield();
            }
            else
            {
                Thread.Sleep(1);
            }
        }
    }
}
