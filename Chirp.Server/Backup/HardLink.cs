using System.Runtime.InteropServices;

namespace Chirp.Server.Backup;

/// <summary>
/// Hard links, which .NET has no API for: a backup on the same file system as the data links the immutable files
/// (media content) instead of copying them, which takes no space and little time.
/// </summary>
internal static partial class HardLink
{
    /// <summary>Links <paramref name="newPath"/> to <paramref name="existing"/>; false where that is impossible (another file system, Windows).</summary>
    public static bool TryCreate(string existing, string newPath) =>
        !OperatingSystem.IsWindows() && Link(existing, newPath) == 0;

    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Link(string existing, string newPath);
}
