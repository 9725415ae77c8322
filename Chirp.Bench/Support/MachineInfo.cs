using System.Globalization;
using System.Runtime.InteropServices;

namespace Chirp.Bench.Support;

/// <summary>The machine and its load: printed before each run, and compared with the process's own CPU use.</summary>
public static class MachineInfo
{
    /// <summary>CPUs, OS, runtime, GC mode, load average and time, on one line.</summary>
    public static string Describe()
    {
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
            $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, " +
            $"load average {load}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";
    }

    /// <summary>
    /// Busy and total CPU time of the whole machine so far (from /proc/stat, in clock ticks), or null where there is
    /// no /proc/stat. Busy is everything but idle and iowait.
    /// </summary>
    public static (long Busy, long Total)? ReadMachineCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return null;
        }

        string? first = File.ReadLines("/proc/stat").FirstOrDefault();
        if (first is null || !first.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return null;
        }

        long[] fields = [.. first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture))];
        long total = fields.Sum();
        long idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        return (total - idle, total);
    }

    /// <summary>Average number of busy CPUs of the whole machine between two <see cref="ReadMachineCpu"/> readings.</summary>
    public static double BusyCores((long Busy, long Total)? before, (long Busy, long Total)? after)
    {
        if (before is null || after is null || after.Value.Total <= before.Value.Total)
        {
            return double.NaN;
        }

        return (after.Value.Busy - before.Value.Busy) / (double)(after.Value.Total - before.Value.Total) * Environment.ProcessorCount;
    }
}
