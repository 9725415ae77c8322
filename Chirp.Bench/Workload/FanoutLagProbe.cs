using System.Diagnostics;

namespace Chirp.Bench.Workload;

/// <summary>
/// Fanout lag as a reader sees it, measured the same way on every system: one post at a time, offered right after its
/// create returned, is looked for in the home timeline of one of its author's followers (the newest 40 posts) until it
/// is there. The lag runs from the create's return to the end of the first read that shows the post, so it is an upper
/// bound with the resolution of one read; reads follow each other back to back for 2 ms, then every millisecond.
/// </summary>
public sealed class FanoutLagProbe : IAsyncDisposable
{
    /// <summary>How many of the reader's newest posts are looked at.</summary>
    public const int Window = 40;
    private static readonly long SpinTicks = Stopwatch.Frequency / 500;

    private readonly IWorkloadSystem _system;
    private readonly long _timeoutTicks;
    private readonly List<long> _lags = [];
    private readonly List<(long Post, int Reader)> _missed = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _offered = new(0, 1);
    private readonly Task _loop;
    private int _busy;
    private long _post;
    private int _reader;
    private long _returnedAt;

    public FanoutLagProbe(IWorkloadSystem system, TimeSpan timeout)
    {
        _system = system;
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Lags measured, in Stopwatch ticks.</summary>
    public IReadOnlyList<long> Lags => _lags;

    /// <summary>Posts never seen within the timeout (an unfollow in between, or a stalled fanout).</summary>
    public int Timeouts => _missed.Count;

    /// <summary>The (post, reader) pairs never seen within the timeout.</summary>
    public IReadOnlyList<(long Post, int Reader)> Missed => _missed;

    /// <summary>Offers post <paramref name="post"/>, whose create returned at <paramref name="returnedAt"/>, to be looked for in <paramref name="reader"/>'s home timeline; false while a sample is running.</summary>
    public bool TryOffer(long post, int reader, long returnedAt)
    {
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return false;
        }

        _post = post;
        _reader = reader;
        _returnedAt = returnedAt;
        _offered.Release();
        return true;
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                await _offered.WaitAsync(_stop.Token).ConfigureAwait(false);
                await SampleAsync().ConfigureAwait(false);
                Volatile.Write(ref _busy, 0);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var posts = await _system.ReadHomePostsAsync(_reader, Window).ConfigureAwait(false);
            long now = Stopwatch.GetTimestamp();
            if (posts.Contains(_post))
            {
                _lags.Add(now - _returnedAt);
                return;
            }

            if (now - _returnedAt > _timeoutTicks)
            {
                _missed.Add((_post, _reader));
                return;
            }

            if (now - _returnedAt < SpinTicks)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        _offered.Dispose();
    }
}
