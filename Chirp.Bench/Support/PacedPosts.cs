using System.Diagnostics;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Creates tweets at a steady rate for a while: every millisecond or so it starts the creates that are due by then
/// (rate × elapsed), with at most a given number in flight; when the engine cannot keep up, creates fall behind the
/// schedule and the achieved rate shows it.
/// </summary>
public static class PacedPosts
{
    /// <summary>
    /// Posts for <paramref name="duration"/> at <paramref name="rate"/> tweets/s, author drawn from
    /// <paramref name="authors"/> (seeded), text i being <c>texts[(firstText + i) % texts.Length]</c>. Returns the creates
    /// that succeeded, those that failed, and the seconds from the first start to the last return.
    /// </summary>
    public static async Task<(long Created, long Failures, double Seconds)> RunAsync(
        ChirpEngine engine, long[] authors, string[] texts, int firstText, int rate, TimeSpan duration, int maxInFlight, int seed, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(authors);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(rate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        using var gate = new SemaphoreSlim(maxInFlight);
        var random = new Random(seed);
        var inFlight = new List<Task>(maxInFlight * 2);
        long created = 0;
        long failures = 0;
        long total = (long)(rate * duration.TotalSeconds);
        long issued = 0;

        async Task OneAsync(long i, long author)
        {
            try
            {
                await engine.CreateTweetAsync(author, texts[(int)((firstText + i) % texts.Length)]).ConfigureAwait(false);
                Interlocked.Increment(ref created);
            }
            catch (Exception ex) when (ex is ChirpException or InvalidOperationException)
            {
                if (Interlocked.Increment(ref failures) <= 5)
                {
                    log.WriteLine($"  paced create #{i} failed: {ex.Message}");
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var clock = Stopwatch.StartNew();
        while (issued < total)
        {
            long due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * rate) + 1);
            while (issued < due)
            {
                await gate.WaitAsync().ConfigureAwait(false);
                inFlight.Add(OneAsync(issued, authors[random.Next(authors.Length)]));
                issued++;
                if (inFlight.Count >= maxInFlight * 2)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }

            await Task.Delay(1).ConfigureAwait(false);
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return (Interlocked.Read(ref created), Interlocked.Read(ref failures), clock.Elapsed.TotalSeconds);
    }
}
