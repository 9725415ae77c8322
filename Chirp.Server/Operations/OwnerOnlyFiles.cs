using System.Runtime.InteropServices;

namespace Chirp.Server.Operations;

/// <summary>
/// Keeps the data directory to its owner: it holds e-mail addresses, password hashes, the token signing key and
/// uploads. The process umask becomes 077 before anything is created, so every directory (0700) and file (0600) that
/// RocksDB, Lucene, FASTER, the media store and the server store make is owner-only, whichever library makes it; and
/// the data root is made 0700, which also closes a directory created by an older version to other users.
/// </summary>
public static partial class OwnerOnlyFiles
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Apply(string dataPath)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows files inherit the ACL of their folder; there is no umask.
            return;
        }

        _ = SetUmask(Convert.ToUInt32("077", 8));
        Directory.CreateDirectory(dataPath, OwnerOnlyDirectory);
        File.SetUnixFileMode(dataPath, OwnerOnlyDirectory);
    }

    [LibraryImport("libc", EntryPoint = "umask")]
    private static partial uint SetUmask(uint mask);
}
