using System.Diagnostics;
using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Replays posts into a loaded <see cref="TimelineWorld"/> at full speed: <c>concurrency</c> async loops, each
/// awaiting one <c>CreateTweetAsync</c> at a time, take the next post (author from the draw, text from the corpus in a
/// cycle) until all are made; then it waits for fanout to catch up.
/// </summary>
public static class PostReplay
{
    /// <summary>How often the engine's fanout statistics are read while creates run.</summary>
    public static readonly TimeSpan StatisticsInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// Makes post i by <c>authors[i]</c> with text <c>texts[i % texts.Length]</c>. With <paramref name="sampleLag"/>,
    /// a <see cref="FanoutLagSampler"/> follows one fanned-out post at a time (pausing <paramref name="lagInterval"/>
    /// between samples). With <paramref name="holdFanout"/>, fanout is held back until the last create returned, so the
    /// drain measures fanout alone (no lag sampling then).
    /// </summary>
    public static async Task<ReplayResult> RunAsync(
        ChirpEngine engine, TimelineWorld world, int[] authors, string[] texts, int concurrency, bool sampleLag = false, TimeSpan? lagInterval = null, bool holdFanout = false)
    {
        sampleLag &= !holdFanout;
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(authors);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        if (texts.Length == 0)
        {
            throw new ArgumentException("No texts to post.", nameof(texts));
        }

        var tweetIds = new long[authors.Length];
        var latencies = new List<long>[concurrency];
        long failures = 0;
        int next = -1;
        long lastReturn = 0;
        using var sampler = sampleLag ? new FanoutLagSampler(engine, lagInterval ?? TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30)) : null;

        async Task LoopAsync(int loop)
        {
            var mine = new List<long>(authors.Length / concurrency + 16);
            latencies[loop] = mine;
            int i;
            while ((i = Interlocked.Increment(ref next)) < authors.Length)
            {
                int author = authors[i];
                long before = Stopwatch.GetTimestamp();
                try
                {
                    var tweet = await engine.CreateTweetAsync(world.Ids[author], texts[i % texts.Length]).ConfigureAwait(false);
                    tweetIds[i] = tweet.Id;
                }
                catch (ChirpException)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }

                long after = Stopwatch.GetTimestamp();
                mine.Add(after - before);
                AtomicMax.Raise(ref lastReturn, after);
                if (sampler is { Wants: true } && !world.IsCelebrity(author) && world.Followers[author] is { Length: > 0 } followers)
                {
                    sampler.TryOffer(tweetIds[i], world.Ids[followers[i % followers.Length]], after);
                }
            }
        }

        var statisticsLag = new List<long>();
        long maxDepth = 0;
        int maxThreads = ThreadPool.ThreadCount;
        long maxPending = 0;
        long insertsBefore = engine.GetTimelineStatistics().FanoutInserts;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var machineBefore = MachineInfo.ReadMachineCpu();
        if (holdFanout)
        {
            engine.HoldFanout(true);
        }

        long start = Stopwatch.GetTimestamp();
        var loops = Task.WhenAll(Enumerable.Range(0, concurrency).Select(loop => Task.Run(() => LoopAsync(loop))));
        while (!loops.IsCompleted)
        {
            await Task.WhenAny(loops, Task.Delay(StatisticsInterval)).ConfigureAwait(false);
            var statistics = engine.GetTimelineStatistics();
            statisticsLag.Add((long)statistics.FanoutLag.TotalMilliseconds);
            maxDepth = Math.Max(maxDepth, statistics.FanoutQueueDepth);
            maxThreads = Math.Max(maxThreads, ThreadPool.ThreadCount);
            maxPending = Math.Max(maxPending, ThreadPool.PendingWorkItemCount);
        }

        await loops.ConfigureAwait(false);
        long insertsAtLastCreate = engine.GetTimelineStatistics().FanoutInserts - insertsBefore;
        if (holdFanout)
        {
            AtomicMax.Raise(ref lastReturn, Stopwatch.GetTimestamp());
            engine.HoldFanout(false);
        }

        await engine.WaitForFanoutAsync().ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        double busy = MachineInfo.BusyCores(machineBefore, MachineInfo.ReadMachineCpu());
        sampler?.Dispose();
        long inserts = engine.GetTimelineStatistics().FanoutInserts - insertsBefore;

        return new ReplayResult(
            tweetIds,
            failures,
            (Math.Max(lastReturn, start) - start) / (double)Stopwatch.Frequency,
            (end - start) / (double)Stopwatch.Frequency,
            inserts,
            insertsAtLastCreate,
            new LatencySummary(latencies.Where(l => l is not null).SelectMany(l => l)),
            sampler is null ? null : new LatencySummary(sampler.Lags),
            sampler?.Timeouts ?? 0,
            [.. statisticsLag],
            maxDepth,
            maxThreads,
            maxPending,
            cpu,
            busy);
    }
}
