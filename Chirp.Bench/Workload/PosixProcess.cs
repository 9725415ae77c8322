using System.Globalization;
using System.Runtime.InteropServices;

namespace Chirp.Bench.Workload;

/// <summary>The few POSIX process calls .NET does not offer: the effective user, a signal other than SIGKILL, children by /proc.</summary>
internal static partial class PosixProcess
{
    /// <summary>SIGINT: PostgreSQL's postmaster takes it as "fast shutdown" (roll back clients, checkpoint, exit).</summary>
    public const int SigInt = 2;

    /// <summary>SIGKILL: the last resort when a fast shutdown does not finish.</summary>
    public const int SigKill = 9;

    /// <summary>Whether this process runs as root (effective uid 0).</summary>
    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false if the process is gone or may not be signalled.</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>Whether a process with this id exists (and is not a zombie).</summary>
    public static bool IsAlive(int pid) => TryReadStat(pid, out char state, out _) && state != 'Z';

    /// <summary>The live processes whose parent is <paramref name="parent"/>, from /proc/*/stat.</summary>
    public static List<int> Children(int parent)
    {
        var children = new List<int>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc");
        }
        catch (IOException)
        {
            return children;
        }

        foreach (string entry in entries)
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && TryReadStat(pid, out char state, out int ppid) && ppid == parent && state != 'Z')
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>Reads the state and parent of a process from /proc/&lt;pid&gt;/stat ("pid (comm) state ppid …").</summary>
    private static bool TryReadStat(int pid, out char state, out int ppid)
    {
        state = '?';
        ppid = 0;
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        // The command name may hold spaces and parentheses; the fields after it start past the last ')'.
        int close = stat.LastIndexOf(')');
        if (close < 0 || close + 4 >= stat.Length)
        {
            return false;
        }

        string[] fields = stat[(close + 2)..].Split(' ', 3);
        if (fields.Length < 2 || fields[0].Length != 1)
        {
            return false;
        }

        state = fields[0][0];
        return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out ppid);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
