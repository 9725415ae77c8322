using System.Diagnostics;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>
/// Runs a plan's phases against one system: load the world, make every user an active reader, replay the posts (the
/// write phase: tweet_create and fanout_insert), take the cross-check's samples, then the read phase (timeline_read),
/// the search phase (search) and the mixed phase (mix_*), each at saturation (the mixed phase at the plan's rate when
/// one is set).
/// </summary>
public static class SystemRunner
{
    public static async Task<SystemRun> RunAsync(IWorkloadSystem system, WorkloadPlan plan, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        var settings = plan.Settings;
        var world = plan.World;
        log.WriteLine($"[{system.Name}] {system.Description}");
        await using var memory = PeakMemory.Start(() => system.ProcessIds);

        // Load (timed as a whole).
        var clock = Stopwatch.StartNew();
        await using (var progress = new PhaseProgress($"[{system.Name}] load users and follows", world.UserCount, log))
        {
            await system.LoadAsync(world, new Progress<int>(done => progress.Report(done)), cancellationToken).ConfigureAwait(false);
            await system.ActivateAsync([.. Enumerable.Range(0, world.UserCount)], cancellationToken).ConfigureAwait(false);
            progress.Report(world.UserCount);
        }

        double loadSeconds = clock.Elapsed.TotalSeconds;
        log.WriteLine($"[{system.Name}] loaded {world.UserCount:N0} users and {world.RealEdgeCount + world.CelebrityFollowCount:N0} follows and activated every user in {loadSeconds:F1} s");

        var rows = new List<OperationResult>();

        // The write phase: posts at saturation with fanout held, then fanout alone draining its queue.
        long insertsBefore = system.FanoutInserts;
        system.HoldFanout(true);
        PhaseMeasurement write;
        try
        {
            await using var progress = new PhaseProgress($"[{system.Name}] write phase (posts, fanout held)", plan.PostAuthors.Length, log);
            // The write phase always runs to the end: the cross-check and the later phases depend on its posts.
            write = await PhaseRunner.RunAsync(plan.PostAuthors.Length, Warmup(plan.PostAuthors.Length, settings), 1, _ => 0, async i =>
            {
                await system.CreatePostAsync(plan.PostAuthors[i], i + 1, plan.TextOf(i + 1)).ConfigureAwait(false);
                return true;
            }, settings.Concurrency, 0, Timeout.InfiniteTimeSpan, progress).ConfigureAwait(false);
        }
        catch
        {
            system.HoldFanout(false);
            throw;
        }

        // Fanout goes alone: what the posts caused besides (search indexing) is done first.
        await system.WaitForIndexingAsync(cancellationToken).ConfigureAwait(false);
        system.HoldFanout(false);
        long released = Stopwatch.GetTimestamp();
        await system.WaitForFanoutAsync(cancellationToken).ConfigureAwait(false);
        long fanoutDone = Stopwatch.GetTimestamp();
        await system.WaitForQuiescenceAsync(cancellationToken).ConfigureAwait(false);
        long inserts = system.FanoutInserts - insertsBefore;
        PrintErrors(log, system.Name, "write", write);
        rows.Add(Row(system.Name, "tweet_create", write, 0));
        double? drainSeconds = null;
        if (system.FansOut)
        {
            drainSeconds = Math.Max(1.0 / Stopwatch.Frequency, (fanoutDone - released) / (double)Stopwatch.Frequency);
            log.WriteLine($"[{system.Name}] {write.Latencies[0].Count:N0} posts in {write.Seconds:F1} s ({write.Throughput(0):N0}/s); fanout: {inserts:N0} inserts drained in {drainSeconds:F3} s ({inserts / drainSeconds:N0} inserts/s)");
        }
        else
        {
            log.WriteLine($"[{system.Name}] {write.Latencies[0].Count:N0} posts in {write.Seconds:F1} s ({write.Throughput(0):N0}/s); no fanout (pull)");
        }

        var timelineMemory = await system.MeasureTimelineMemoryAsync().ConfigureAwait(false);
        if (timelineMemory is not null)
        {
            log.WriteLine($"[{system.Name}] stored timelines: {timelineMemory.Entries:N0} entries in {timelineMemory.Bytes / 1048576.0:N1} MiB, {timelineMemory.BytesPerEntry:F1} bytes per entry ({timelineMemory.How})");
        }

        // The cross-check's samples, taken while the state is what the plan predicts.
        var homePosts = new Dictionary<int, IReadOnlyList<long>>();
        foreach (var (user, expected) in plan.CrossCheckTimelines)
        {
            homePosts[user] = await system.ReadHomePostsAsync(user, expected.Count + 50).ConfigureAwait(false);
        }

        var searchPosts = new Dictionary<string, IReadOnlyList<long>>(StringComparer.Ordinal);
        if (system.SupportsSearch)
        {
            foreach (var (word, expected) in plan.CrossCheckSearches)
            {
                searchPosts[word] = await system.SearchPostsAsync(word, expected.Count + 50).ConfigureAwait(false);
            }
        }

        // The read phase.
        await MeasureAsync(system, plan, rows, log, "timeline_read", "home reads", "read", "read phase (home timelines)", plan.Readers.Length,
            i => system.ReadHomeAsync(plan.Readers[i], settings.PageSize)).ConfigureAwait(false);

        // The search phase.
        if (system.SupportsSearch)
        {
            await MeasureAsync(system, plan, rows, log, "search", "searches", "search", "search phase", plan.SearchWords.Length,
                i => system.SearchAsync(plan.SearchWords[i], settings.PageSize)).ConfigureAwait(false);
        }
        else
        {
            log.WriteLine($"[{system.Name}] no full-text search: the search phase and the mix's searches are skipped");
        }

        // The mixed phase.
        var mix = plan.Mix;
        int kinds = Enum.GetValues<OperationKind>().Length;
        PhaseMeasurement mixed;
        long mixInsertsBefore = system.FanoutInserts;
        var probe = system.FansOut ? new FanoutLagProbe(system, TimeSpan.FromSeconds(10)) : null;
        await using (var progress = new PhaseProgress($"[{system.Name}] mixed phase", mix.Length, log))
        {
            mixed = await PhaseRunner.RunAsync(mix.Length, Warmup(mix.Length, settings), kinds, i => (int)mix[i].Kind, i => RunMixAsync(system, plan, mix[i], probe),
                settings.Concurrency, settings.MixRate, settings.PhaseTimeout, progress).ConfigureAwait(false);
        }

        PrintErrors(log, system.Name, "mixed", mixed);
        if (probe is not null)
        {
            await probe.DisposeAsync().ConfigureAwait(false);

            // fanout_insert: the rate is the drain of the write phase; the latencies are the fanout lag a follower saw
            // while the mixed phase ran (fanout live beside reads and writes), from the probe.
            var lag = new LatencySummary(probe.Lags);
            rows.Insert(1, new OperationResult(system.Name, "fanout_insert", inserts / drainSeconds!.Value,
                lag.PercentileMicroseconds(50), lag.PercentileMicroseconds(99), 0,
                lag.PercentileMicroseconds(90), lag.PercentileMicroseconds(99.9), inserts, 0, 0, null));
            foreach (var (post, reader) in probe.Missed)
            {
                log.WriteLine($"[{system.Name}] fanout lag probe: post {post} never showed in user {reader}'s newest {FanoutLagProbe.Window} posts within 10 s; {ExplainMiss(plan, post, reader)}");
            }

            log.WriteLine($"[{system.Name}] fanout lag seen by followers during the mixed phase ({lag.Count:N0} samples, {probe.Timeouts} not seen within 10 s, {system.FanoutInserts - mixInsertsBefore:N0} inserts): p50 {lag.PercentileMicroseconds(50) / 1000:F2} ms, p99 {lag.PercentileMicroseconds(99) / 1000:F2} ms");
        }

        long mixDone = 0;
        for (int kind = 0; kind < kinds; kind++)
        {
            if (mixed.Latencies[kind].Count > 0 || mixed.Errors[kind] > 0)
            {
                rows.Add(Row(system.Name, MixOperation.MixName((OperationKind)kind), mixed, kind));
                mixDone += mixed.Latencies[kind].Count;
            }
        }

        rows.Add(new OperationResult(system.Name, "mix", mixed.Seconds > 0 ? mixDone / mixed.Seconds : 0, double.NaN, double.NaN, 0, double.NaN, double.NaN, mixDone, mixed.Errors.Sum(), 0, null));
        log.WriteLine($"[{system.Name}] mixed phase: {mixDone:N0} operations in {mixed.Seconds:F1} s, {(mixed.Seconds > 0 ? mixDone / mixed.Seconds : 0):N0}/s{(settings.MixRate > 0 ? $" (offered {settings.MixRate:N0}/s)" : string.Empty)}");

        await system.WaitForQuiescenceAsync(cancellationToken).ConfigureAwait(false);
        long disk = system.DiskBytes();
        long peak = memory.PeakBytes();
        log.WriteLine($"[{system.Name}] peak memory {peak / 1048576.0:N0} MiB{(memory.BaselineBytes > 0 ? $" (the harness's own {memory.BaselineBytes / 1048576.0:N0} MiB at the start included)" : string.Empty)}, disk {disk / 1048576.0:N1} MiB");
        rows = [.. rows.Select(r => r with { PeakRssBytes = peak, DiskBytes = disk })];
        return new SystemRun(system.Name, system.Description, rows, loadSeconds, drainSeconds, inserts, timelineMemory, disk, peak, memory.BaselineBytes, homePosts, searchPosts);
    }

    /// <summary>Whether the mixed phase unfollowed the post's author for that reader before posting it (then it is not a fault).</summary>
    private static string ExplainMiss(WorkloadPlan plan, long post, int reader)
    {
        int index = Array.FindIndex(plan.Mix, op => op.Kind == OperationKind.Post && op.Post == post);
        if (index < 0)
        {
            return "not a post of the mixed phase";
        }

        int author = plan.Mix[index].User;
        int unfollow = Array.FindIndex(plan.Mix, op => op.Kind == OperationKind.Unfollow && op.User == reader && op.Other == author);
        return unfollow < 0
            ? "UNEXPLAINED: the reader never unfollowed the author"
            : unfollow < index
                ? $"the reader had unfollowed the author (mixed operation {unfollow}, the post was {index})"
                : $"the reader unfollowed the author at mixed operation {unfollow}, after the post ({index}), possibly before the probe read";
    }

    /// <summary>
    /// A phase of one operation at saturation: runs it, prints its errors and a summary line, and adds its row.
    /// </summary>
    private static async Task MeasureAsync(
        IWorkloadSystem system, WorkloadPlan plan, List<OperationResult> rows, TextWriter log,
        string operation, string noun, string phase, string progressLabel, int count, Func<int, ValueTask<int>> call)
    {
        var settings = plan.Settings;
        PhaseMeasurement measurement;
        await using (var progress = new PhaseProgress($"[{system.Name}] {progressLabel}", count, log))
        {
            measurement = await PhaseRunner.RunAsync(count, Warmup(count, settings), 1, _ => 0, async i =>
            {
                await call(i).ConfigureAwait(false);
                return true;
            }, settings.Concurrency, 0, settings.PhaseTimeout, progress, settings.MinimumReadTime).ConfigureAwait(false);
        }

        PrintErrors(log, system.Name, phase, measurement);
        rows.Add(Row(system.Name, operation, measurement, 0));
        var latencies = measurement.Latencies[0];
        log.WriteLine($"[{system.Name}] {latencies.Count:N0} {noun}, {measurement.Throughput(0):N0}/s, p50 {latencies.PercentileMicroseconds(50):N0} µs, p99 {latencies.PercentileMicroseconds(99):N0} µs");
    }

    private static int Warmup(int count, WorkloadSettings settings) => (int)(count * settings.WarmupShare);

    private static async ValueTask<bool> RunMixAsync(IWorkloadSystem system, WorkloadPlan plan, MixOperation op, FanoutLagProbe? probe)
    {
        switch (op.Kind)
        {
            case OperationKind.Post:
                await system.CreatePostAsync(op.User, op.Post, plan.TextOf(op.Post)).ConfigureAwait(false);
                // Celebrities' posts are pulled by their readers, so only fanned-out authors are probed.
                if (probe is not null && !plan.World.IsCelebrity(op.User) && plan.World.Followers[op.User] is { Length: > 0 } followers)
                {
                    probe.TryOffer(op.Post, followers[(int)(op.Post % followers.Length)], Stopwatch.GetTimestamp());
                }

                return true;
            case OperationKind.Read:
                await system.ReadHomeAsync(op.User, plan.Settings.PageSize).ConfigureAwait(false);
                return true;
            case OperationKind.Like:
                await system.LikeAsync(op.User, op.Post).ConfigureAwait(false);
                return true;
            case OperationKind.Retweet:
                await system.RetweetAsync(op.User, op.Post, op.Retweet).ConfigureAwait(false);
                return true;
            case OperationKind.Follow:
                await system.FollowAsync(op.User, op.Other).ConfigureAwait(false);
                return true;
            case OperationKind.Unfollow:
                await system.UnfollowAsync(op.User, op.Other).ConfigureAwait(false);
                return true;
            case OperationKind.Search:
                if (!system.SupportsSearch)
                {
                    return false;
                }

                await system.SearchAsync(op.Word!, plan.Settings.PageSize).ConfigureAwait(false);
                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, null);
        }
    }

    private static OperationResult Row(string system, string operation, PhaseMeasurement measurement, int category)
    {
        var latencies = measurement.Latencies[category];
        return new OperationResult(system, operation, measurement.Throughput(category),
            latencies.PercentileMicroseconds(50), latencies.PercentileMicroseconds(99), 0,
            latencies.PercentileMicroseconds(90), latencies.PercentileMicroseconds(99.9),
            latencies.Count, measurement.Errors[category], 0, null);
    }

    private static void PrintErrors(TextWriter log, string system, string phase, PhaseMeasurement measurement)
    {
        foreach (string error in measurement.FirstErrors)
        {
            log.WriteLine($"[{system}] {phase} phase error: {error}");
        }

        if (measurement.Issued < measurement.Asked)
        {
            log.WriteLine($"[{system}] {phase} phase: stopped at the phase timeout with {measurement.Issued:N0} of {measurement.Asked:N0} operations issued; the rates are over what was done");
        }
    }
}
