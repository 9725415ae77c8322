using System.Globalization;
using System.Text.Json;
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
        DurableFiles.WriteAtomic(path, tempDirectory, JsonSerializer.SerializeToUtf8Bytes(record, MediaJson.Options));
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
            MediaRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<MediaRecord>(File.ReadAllBytes(path), MediaJson.Options);
            }
            catch (JsonException ex)
            {
                damaged(path, $"it is not valid JSON: {ex.Message}");
                continue;
            }

            bool named = record is not null && Path.GetFileNameWithoutExtension(path) == record.Id.ToString(CultureInfo.InvariantCulture);
            if (!named || !ContentHash.IsValid(record!.ContentHash) || !ImageFormats.IsStoredMimeType(record.MimeType))
            {
                damaged(path, "it does not describe a media with that id, a content hash and an image type");
                continue;
            }

            yield return record;
        }
    }

    private string PathOf(long id) =>
        Path.Combine(
            root,
            (SnowflakeId.MillisecondsOf(id) % BucketCount).ToString("x2", CultureInfo.InvariantCulture),
            id.ToString(CultureInfo.InvariantCulture) + ".json");
}
