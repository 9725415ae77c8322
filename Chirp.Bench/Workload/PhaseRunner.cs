using System.Diagnostics;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>
/// Runs a phase's operations against a system: <c>concurrency</c> closed loops taking the next operation as soon as
/// their last one completed (saturation), or, with a rate, an open loop that issues operation i at start + i / rate
/// and times it from that scheduled moment, so a system that falls behind is charged for the queueing it causes.
/// </summary>
public static class PhaseRunner
{
    private const int MaxOpenLoopInFlight = 4096;

    /// <param name="count">Operations to run.</param>
    /// <param name="warmup">The first operations, run but not measured: the timing starts when operation
    /// <paramref name="warmup"/> is issued (JIT tiering, caches and connection pools settle before it).</param>
    /// <param name="categories">Number of categories (operation kinds) latencies are kept apart by.</param>
    /// <param name="categoryOf">The category of operation i.</param>
    /// <param name="operation">Runs operation i; returns false when the system skips it (not counted).</param>
    /// <param name="concurrency">Closed loops (at saturation).</param>
    /// <param name="rate">Operations per second offered; 0 for saturation.</param>
    /// <param name="timeout">Stop issuing operations after this long (<see cref="Timeout.InfiniteTimeSpan"/>: run them all).</param>
    /// <param name="progress">Told about completed operations.</param>
    /// <param name="repeatUntil">
    /// At saturation, go round the operations again (operation i is then i modulo <paramref name="count"/>) until this
    /// much time has been measured, so that a fast system is not measured over a fraction of a second, where one
    /// pause decides the figure. Only for phases whose operations can be repeated (reads, searches).
    /// </param>
    public static async Task<PhaseMeasurement> RunAsync(
        int count, int warmup, int categories, Func<int, int> categoryOf, Func<int, ValueTask<bool>> operation,
        int concurrency, double rate, TimeSpan timeout, PhaseProgress progress, TimeSpan repeatUntil = default)
    {
        var latencies = new List<long>[categories];
        for (int c = 0; c < categories; c++)
        {
            latencies[c] = new List<long>(count / categories + 16);
        }

        var errors = new long[categories];
        var firstErrors = new List<string>();
        long start = Stopwatch.GetTimestamp();
        long deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : start + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        int next = -1;
        int issued = 0;
        long measuredStart = warmup == 0 ? start : 0;
        long lastDone = start;

        async Task OneAsync(int i, long startedAt)
        {
            int category = categoryOf(i % count);
            if (i == warmup)
            {
                Interlocked.CompareExchange(ref measuredStart, startedAt, 0);
            }

            try
            {
                if (!await operation(i % count).ConfigureAwait(false) || i < warmup)
                {
                    return;
                }

                long done = Stopwatch.GetTimestamp();
                var mine = latencies[category];
                lock (mine)
                {
                    mine.Add(done - startedAt);
                }

                progress.Completed();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Interlocked.Increment(ref errors[category]);
                progress.Failed();
                lock (firstErrors)
                {
                    if (firstErrors.Count < 5)
                    {
                        firstErrors.Add($"#{i} ({category}): {ex.GetType().Name}: {ex.Message}");
                    }
                }
            }
            finally
            {
                // A failed or skipped operation took its time in the phase too.
                if (i >= warmup)
                {
                    AtomicMax.Raise(ref lastDone, Stopwatch.GetTimestamp());
                }
            }
        }

        if (rate <= 0)
        {
            long repeatTicks = (long)(repeatUntil.TotalSeconds * Stopwatch.Frequency);
            bool More(int i, long now)
            {
                if (now >= deadline)
                {
                    return false;
                }

                if (i < count)
                {
                    return true;
                }

                // The span measured so far, to the last completion: the phase's seconds reach the minimum when this stops.
                long measuredFrom = Volatile.Read(ref measuredStart);
                return measuredFrom != 0 && Volatile.Read(ref lastDone) - measuredFrom < repeatTicks;
            }

            async Task LoopAsync()
            {
                int i;
                while (More(i = Interlocked.Increment(ref next), Stopwatch.GetTimestamp()))
                {
                    Interlocked.Increment(ref issued);
                    await OneAsync(i, Stopwatch.GetTimestamp()).ConfigureAwait(false);
                }
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(LoopAsync))).ConfigureAwait(false);
        }
        else
        {
            using var gate = new SemaphoreSlim(MaxOpenLoopInFlight);
            var inFlight = new List<Task>();
            double ticksPerOperation = Stopwatch.Frequency / rate;
            for (int i = 0; i < count; i++)
            {
                long scheduled = start + (long)(i * ticksPerOperation);
                if (scheduled >= deadline)
                {
                    break;
                }

                long wait = scheduled - Stopwatch.GetTimestamp();
                if (wait > Stopwatch.Frequency / 1000)
                {
                    await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency)).ConfigureAwait(false);
                }

                await gate.WaitAsync().ConfigureAwait(false);
                int index = i;
                next = i;
                inFlight.Add(Task.Run(async () =>
                {
                    try
                    {
                        await OneAsync(index, scheduled).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
                if (inFlight.Count > MaxOpenLoopInFlight * 2)
                {
                    inFlight.RemoveAll(t => t.IsCompleted);
                }
            }

            await Task.WhenAll(inFlight).ConfigureAwait(false);
            issued = next + 1;
        }

        long from = measuredStart == 0 ? start : measuredStart;
        double seconds = (Math.Max(lastDone, from) - from) / (double)Stopwatch.Frequency;
        return new PhaseMeasurement([.. latencies.Select(l => new LatencySummary(l))], errors, seconds, count, issued, firstErrors);
    }
}
