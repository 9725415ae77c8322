using System.Runtime.InteropServices;

namespace Chirp.Server.Media;

/// <summary>
/// fsync of a directory, which makes a rename or a new file in it survive a crash. .NET will not open a directory as a
/// file, so this calls libc directly (two calls; no maintained package offers them for .NET 10).
/// </summary>
internal static partial class PosixDirectory
{
    private const int ReadOnly = 0;

    public static void Sync(string path)
    {
        int descriptor = Open(path, ReadOnly);
        if (descriptor < 0)
        {
            throw new IOException($"Could not open the directory {path} to sync it (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Could not sync the directory {path} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
