using System.Diagnostics;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// A small tmpfs file system mounted on a fresh temporary directory, for tests that need a disk that really fills up;
/// unmounted and deleted on dispose. Mounting needs root (or CAP_SYS_ADMIN) on Linux.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB, or says why it cannot.</summary>
    public static TmpfsMount? TryMount(int megabytes, out string whyNot)
    {
        whyNot = "";
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "tmpfs mounts are Linux only";
            return null;
        }

        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chirp-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exitCode, error) = Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        if (exitCode == 0)
        {
            return new TmpfsMount(path);
        }

        Directory.Delete(path);
        whyNot = $"mounting a tmpfs is not permitted here (mount exited with {exitCode}: {error.Trim()})";
        return null;
    }

    /// <summary>Free bytes on the file system, as the server's disk guard sees them.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Writes a file of zeros of about <paramref name="bytes"/> bytes, or until the disk is full.</summary>
    public void Fill(string name, long bytes)
    {
        var chunk = new byte[64 * 1024];
        using var file = new FileStream(System.IO.Path.Combine(Path, name), FileMode.Append, FileAccess.Write, FileShare.None, 1);
        try
        {
            for (long written = 0; written < bytes; written += chunk.Length)
            {
                file.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - written));
            }
        }
        catch (IOException) when (bytes == long.MaxValue)
        {
            // Full: what was asked for.
        }
    }

    /// <summary>Fills the file system to the last byte.</summary>
    public void FillCompletely(string name)
    {
        Fill(name, long.MaxValue);
        Assert.Equal(0, FreeBytes);
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int ExitCode, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
