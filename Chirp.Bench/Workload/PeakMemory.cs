using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>
/// The peak memory of a system's processes over its run. A single process reports its own peak resident set (VmHWM in
/// /proc/&lt;pid&gt;/status; the harness's process resets it with /proc/self/clear_refs before each in-process system).
/// Several processes (PostgreSQL's postmaster and backends share their buffers) are sampled four times a second and
/// the peak of the sum of their proportional set sizes (Pss, shared pages split between the processes sharing them) is
/// kept, so shared memory is counted once.
/// </summary>
public sealed class PeakMemory : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<int>> _processIds;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakPss;

    private PeakMemory(Func<IReadOnlyList<int>> processIds, long baselineBytes)
    {
        _processIds = processIds;
        BaselineBytes = baselineBytes;
        _sampler = SampleAsync();
    }

    /// <summary>
    /// For an in-process system, the harness's own resident set when the system started (the plan, the corpus, the
    /// runtime): part of the peak that is not the system's. 0 for a system in processes of its own.
    /// </summary>
    public long BaselineBytes { get; }

    /// <summary>Starts watching; resets this process's peak when it is one of them.</summary>
    public static PeakMemory Start(Func<IReadOnlyList<int>> processIds)
    {
        ArgumentNullException.ThrowIfNull(processIds);
        long baseline = 0;
        if (processIds().Contains(Environment.ProcessId))
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
            }
            catch (IOException)
            {
                // Not Linux or not allowed: the peak then covers the whole harness run so far.
            }
            catch (UnauthorizedAccessException)
            {
            }

            baseline = ReadStatusKilobytes(Environment.ProcessId, "VmRSS:") * 1024;
        }

        return new PeakMemory(processIds, baseline);
    }

    /// <summary>The peak in bytes so far (0 where /proc cannot tell).</summary>
    public long PeakBytes()
    {
        var pids = _processIds();
        if (pids.Count == 1)
        {
            return ReadStatusKilobytes(pids[0], "VmHWM:") * 1024;
        }

        SampleOnce();
        return Interlocked.Read(ref _peakPss);
    }

    private async Task SampleAsync()
    {
        try
        {
            while (true)
            {
                SampleOnce();
                await Task.Delay(250, _stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void SampleOnce()
    {
        var pids = _processIds();
        if (pids.Count < 2)
        {
            return;
        }

        long sum = 0;
        foreach (int pid in pids)
        {
            sum += ReadKilobytes($"/proc/{pid}/smaps_rollup", "Pss:") * 1024;
        }

        AtomicMax.Raise(ref _peakPss, sum);
    }

    private static long ReadStatusKilobytes(int pid, string field) => ReadKilobytes($"/proc/{pid}/status", field);

    private static long ReadKilobytes(string path, string field)
    {
        try
        {
            foreach (string line in File.ReadLines(path))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    string number = line[field.Length..].Trim().Split(' ')[0];
                    return long.Parse(number, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process ended (a PostgreSQL backend closing): it holds nothing now.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampler.ConfigureAwait(false);
        _stop.Dispose();
    }
}
