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

    /// <exception cref="InvalidDataException">A record file cannot be read; the store refuses to open rather than lose it.</exception>
    public IEnumerable<MediaRecord> LoadAll()
    {
        foreach (string path in Directory.EnumerateFiles(root, "*.json", SearchOption.AllDirectories))
        {
            MediaRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<MediaRecord>(File.ReadAllBytes(path), MediaJson.Options);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"The media record {path} is not valid JSON: {ex.Message}", ex);
            }

            bool named = record is not null && Path.GetFileNameWithoutExtension(path) == record.Id.ToString(CultureInfo.InvariantCulture);
            if (!named || !ContentHash.IsValid(record!.ContentHash))
            {
                throw new InvalidDataException($"The media record {path} does not describe a media with that id and a content hash.");
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
