namespace Chirp.Server.Media;

/// <summary>
/// Makes an attach of several media all-or-nothing across a crash. The intent is written (atomically) before any record
/// changes and deleted after all have; an intent found at open is applied again. Applying one twice changes nothing,
/// since attached media are never detached, so a deleted intent that a crash brings back does no harm.
/// </summary>
internal sealed class AttachJournal(string directory, string tempDirectory)
{
    public string Write(AttachIntent intent)
    {
        string path = Path.Combine(directory, $"attach-{intent.StatusId}-{Guid.NewGuid():N}.json");
        DurableFiles.WriteAtomic(path, tempDirectory, RecordJson.Serialize(intent));
        return path;
    }

    public static void Delete(string path) => File.Delete(path);

    /// <summary>Every readable intent; an unreadable entry is handed to <paramref name="damaged"/> with the reason and skipped.</summary>
    public IEnumerable<(string Path, AttachIntent Intent)> LoadAll(Action<string, string> damaged)
    {
        foreach (string path in Directory.GetFiles(directory, "attach-*.json"))
        {
            if (RecordJson.ParseIntent(File.ReadAllBytes(path), path, damaged) is { } intent)
            {
                yield return (path, intent);
            }
        }
    }
}
