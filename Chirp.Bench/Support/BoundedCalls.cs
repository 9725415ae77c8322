using System.Diagnostics;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>Runs many asynchronous engine calls with a bounded number in flight (bulk loads).</summary>
public static class BoundedCalls
{
    /// <summary>
    /// Runs <paramref name="count"/> calls with at most <paramref name="limit"/> in flight and returns how many failed
    /// with a <see cref="ChirpException"/> or <see cref="InvalidOperationException"/> (the first five are written to
    /// <paramref name="log"/>). Every <paramref name="reportEvery"/> started calls, a progress line goes to the log.
    /// </summary>
    public static async Task<long> RunAsync(int count, int limit, Func<int, ValueTask> call, TextWriter? log = null, string what = "calls", int reportEvery = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        using var gate = new SemaphoreSlim(limit);
        long failures = 0;
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(limit * 2);

        async Task OneAsync(int i)
        {
            try
            {
                await call(i).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ChirpException or InvalidOperationException)
            {
                if (Interlocked.Increment(ref failures) <= 5)
                {
                    log?.WriteLine($"  {what} #{i} failed: {ex.Message}");
                }
            }
            finally
            {
                gate.Release();
            }
        }

        for (int i = 0; i < count; i++)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            inFlight.Add(OneAsync(i));
            if (inFlight.Count >= limit * 2)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }

            if ((i + 1) % reportEvery == 0)
            {
                log?.WriteLine($"  {what}: {i + 1:N0} started, {clock.Elapsed.TotalSeconds:F1} s, {(i + 1) / clock.Elapsed.TotalSeconds:N0}/s");
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        return failures;
    }
}
