using System.Globalization;
using Chirp.Engine;

namespace Chirp.Server.Media;

/// <summary>
/// The metadata records: one small JSON file per media id, <c>records/{bucket}/{id}.json</c>, each written atomically.
/// The bucket is the id's millisecond modulo 256, so uploads spread evenly over 256 folders.
/// </summary>
internal sealed class RecordFiles(string root, string tempDirectory)
{
    private const int BucketCount = 256;

    public void Write(MediaRecord record)
    {
        string path = PathOf(record.Id);
        DurableFiles.CreateDirectory(Path.GetDirectoryName(path)!);
        DurableFiles.WriteAtomic(path, tempDirectory, RecordJson.Serialize(record));
    }

    /// <summary>Deletes records and syncs their folders, so no deleted record can come back after a crash.</summary>
    public void Delete(IEnumerable<long> ids)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (long id in ids)
        {
            string path = PathOf(id);
            File.Delete(path);
            folders.Add(Path.GetDirectoryName(path)!);
        }

        foreach (string folder in folders)
        {
            DurableFiles.SyncDirectory(folder);
        }
    }

    /// <summary>The record of an id, or null when its file is missing or not a record (handed to <paramref name="damaged"/>).</summary>
    public MediaRecord? TryRead(long id, Action<string, string> damaged)
    {
        string path = PathOf(id);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return RecordJson.ParseRecord(bytes, id.ToString(CultureInfo.InvariantCulture), path, damaged);
    }

    /// <summary>
    /// Every readable record. A file that is not one (bad JSON, another id than its name, no content hash, a type the
    /// server never stores) is handed to <paramref name="damaged"/> with the reason and skipped: one bad file must not
    /// keep the server from starting.
    /// </summary>
    public IEnumerable<MediaRecord> LoadAll(Action<string, string> damaged)
    {
        // Listed first: the caller may move a damaged file away while this goes on.
        foreach (string path in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories))
        {
            if (RecordJson.ParseRecord(File.ReadAllBytes(path), Path.GetFileNameWithoutExtension(path), path, damaged) is { } record)
            {
                yield return record;
            }
        }
    }

    private string PathOf(long id) =>
        Path.Combine(
            root,
            (SnowflakeId.MillisecondsOf(id) % BucketCount).ToString("x2", CultureInfo.InvariantCulture),
            id.ToString(CultureInfo.InvariantCulture) + ".json");
}
