using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Chirp.Bench.Support;

/// <summary>A one-line description of the machine and its load, printed before each run.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        return $"{Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}, " +
            $"{(Debugger.IsAttached ? "debugger attached, " : "")}GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, " +
            $"load average {load}, {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";
    }
}
