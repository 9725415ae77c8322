using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Measures search lag as a searcher sees it. A creator thread posts one tweet per <c>interval</c> holding a word no
/// other tweet has (<c>zqprobe{n}x</c>), at a random moment within each interval, whether or not earlier probes have
/// been found: a probe made right after the previous one was found would start just after an index refresh and always
/// wait a whole refresh interval. A poller thread searches for the oldest probe not yet found, every millisecond, and
/// on finding it checks the next ones at once. The lag is from the create's return to the end of the first search that
/// finds it, so it is an upper bound with the resolution of one poll. All probes are by one author, so they live on one
/// shard and become searchable in order: looking only at the oldest misses nothing.
/// </summary>
public sealed class SearchLagProbe : IDisposable
{
    private static readonly SearchRequest Request = new() { Limit = 1 };

    private readonly ChirpEngine _engine;
    private readonly long _authorId;
    private readonly long _intervalTicks;
    private readonly long _timeoutTicks;
    private readonly int _seed;
    private readonly ConcurrentQueue<(string Word, long TweetId, long ReturnedAt)> _pending = new();
    private readonly List<long> _lags = [];
    private readonly Thread _creator;
    private readonly Thread _poller;
    private volatile bool _stop;
    private volatile bool _creatorDone;
    private string? _firstFailure;

    /// <param name="engine">The engine to write to and search.</param>
    /// <param name="authorId">The account that posts the probes.</param>
    /// <param name="interval">One probe is created at a random moment in each interval of this length.</param>
    /// <param name="timeout">Give a probe up (and count it) after this long.</param>
    /// <param name="seed">Seed of the moments within the intervals.</param>
    public SearchLagProbe(ChirpEngine engine, long authorId, TimeSpan interval, TimeSpan timeout, int seed)
    {
        _engine = engine;
        _authorId = authorId;
        _intervalTicks = Math.Max(1, (long)(interval.TotalSeconds * Stopwatch.Frequency));
        _timeoutTicks = (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        _seed = seed;
        _creator = new Thread(Create) { IsBackground = true, Name = "search-lag-creator" };
        _poller = new Thread(Poll) { IsBackground = true, Name = "search-lag-poller" };
        _creator.Start();
        _poller.Start();
    }

    /// <summary>Lags measured, in Stopwatch ticks. Read after <see cref="Dispose"/>.</summary>
    public IReadOnlyList<long> Lags => _lags;

    /// <summary>Probes created.</summary>
    public int Created { get; private set; }

    /// <summary>Probes given up after the timeout.</summary>
    public int Timeouts { get; private set; }

    /// <summary>Probe creates that threw.</summary>
    public int CreateFailures { get; private set; }

    /// <summary>Searches that threw (the probe is then given up).</summary>
    public int QueryFailures { get; private set; }

    /// <summary>Searches made.</summary>
    public long Polls { get; private set; }

    /// <summary>The first failure's message, if any.</summary>
    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>Stops creating probes, waits until every probe made is found or given up; the results stay readable.</summary>
    public void Dispose()
    {
        _stop = true;
        _creator.Join();
        _poller.Join();
    }

    private void Create()
    {
        try
        {
            var random = new Random(_seed);
            long slot = Stopwatch.GetTimestamp();
            for (int n = 1; !_stop; n++)
            {
                long at = slot + random.NextInt64(_intervalTicks);
                while (Stopwatch.GetTimestamp() < at)
                {
                    if (_stop)
                    {
                        return;
                    }

                    Thread.Sleep(1);
                }

                string word = "zqprobe" + n.ToString(CultureInfo.InvariantCulture) + "x";
                try
                {
                    long tweetId = _engine.CreateTweetAsync(_authorId, $"search lag probe {word}").AsTask().GetAwaiter().GetResult().Id;
                    _pending.Enqueue((word, tweetId, Stopwatch.GetTimestamp()));
                    Created++;
                }
                catch (Exception ex) when (ex is ChirpException or InvalidOperationException)
                {
                    CreateFailures++;
                    Interlocked.CompareExchange(ref _firstFailure, $"create: {ex.Message}", null);
                }

                // A create that ran past the end of its interval starts the next one now.
                slot = Math.Max(slot + _intervalTicks, Stopwatch.GetTimestamp());
            }
        }
        finally
        {
            _creatorDone = true;
        }
    }

    private void Poll()
    {
        while (true)
        {
            bool creatorDone = _creatorDone;
            if (!_pending.TryPeek(out var probe))
            {
                if (creatorDone)
                {
                    return;
                }

                Thread.Sleep(1);
                continue;
            }

            SearchPage page;
            try
            {
                page = _engine.SearchTweets(probe.Word, Request);
            }
            catch (ChirpException ex)
            {
                QueryFailures++;
                Interlocked.CompareExchange(ref _firstFailure, $"search {probe.Word}: {ex.Message}", null);
                _pending.TryDequeue(out _);
                continue;
            }

            long now = Stopwatch.GetTimestamp();
            Polls++;
            if (page.Items.Count > 0 && page.Items[0].Tweet.Id == probe.TweetId)
            {
                _lags.Add(now - probe.ReturnedAt);
                _pending.TryDequeue(out _);
                continue;
            }

            if (now - probe.ReturnedAt > _timeoutTicks)
            {
                Timeouts++;
                _pending.TryDequeue(out _);
                continue;
            }

            Thread.Sleep(1);
        }
    }
}
