namespace Chirp.Bench.Workload;

/// <summary>The files of a system under test: their size, and removing them afterwards.</summary>
public static class WorkloadFiles
{
    private const int Attempts = 5;

    /// <summary>
    /// The bytes of every file under <paramref name="directory"/>, hidden ones included (0 when it does not exist).
    /// Files come and go while a server runs (compactions, recycled WAL, AOF rewrites): a file gone before it was
    /// measured counts nothing, and a walk that trips over a vanished directory starts over.
    /// </summary>
    public static long DirectoryBytes(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (!Directory.Exists(directory))
                {
                    return 0;
                }

                long bytes = 0;
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles("*", options))
                {
                    try
                    {
                        bytes += file.Length;
                    }
                    catch (FileNotFoundException)
                    {
                    }
                }

                return bytes;
            }
            catch (IOException) when (attempt < Attempts)
            {
            }
        }
    }

    /// <summary>
    /// Deletes <paramref name="directory"/> and everything in it, retrying a few times 100 ms apart: a server's
    /// background child (an AOF rewrite, a checkpointer) may still be closing a file.
    /// </summary>
    public static void DeleteDirectory(string directory)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < Attempts)
            {
                Thread.Sleep(100);
            }
        }
    }
}
