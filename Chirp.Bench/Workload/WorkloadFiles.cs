namespace Chirp.Bench.Workload;

/// <summary>Disk use of a system's files.</summary>
public static class WorkloadFiles
{
    /// <summary>The bytes of every file under <paramref name="directory"/> (0 when it does not exist).</summary>
    public static long DirectoryBytes(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        long bytes = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }))
        {
            try
            {
                bytes += file.Length;
            }
            catch (FileNotFoundException)
            {
                // Deleted while we walked (a compaction's input): not there any more.
            }
        }

        return bytes;
    }
}
