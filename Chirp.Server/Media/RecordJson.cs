using System.Globalization;
using System.Text.Json;

namespace Chirp.Server.Media;

/// <summary>
/// Reads the JSON of a record or an attach intent, wherever it was stored, and refuses what is not one: one bad file or
/// object must not keep the server from starting, so the caller moves it aside and goes on.
/// </summary>
internal static class RecordJson
{
    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, MediaJson.Options);

    /// <summary>
    /// The record in <paramref name="bytes"/>, or null after handing <paramref name="damaged"/> the reason: bad JSON, another
    /// id than <paramref name="id"/> (the one its name gives), no content hash, or a type the server never stores.
    /// </summary>
    public static MediaRecord? ParseRecord(ReadOnlySpan<byte> bytes, string id, string location, Action<string, string> damaged)
    {
        MediaRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<MediaRecord>(bytes, MediaJson.Options);
        }
        catch (JsonException ex)
        {
            damaged(location, $"it is not valid JSON: {ex.Message}");
            return null;
        }

        bool named = record is not null && id == record.Id.ToString(CultureInfo.InvariantCulture);
        if (!named || !ContentHash.IsValid(record!.ContentHash) || !ImageFormats.IsStoredMimeType(record.MimeType))
        {
            damaged(location, "it does not describe a media with that id, a content hash and an image type");
            return null;
        }

        return record;
    }

    /// <summary>The intent in <paramref name="bytes"/>, or null after handing <paramref name="damaged"/> the reason.</summary>
    public static AttachIntent? ParseIntent(ReadOnlySpan<byte> bytes, string location, Action<string, string> damaged)
    {
        AttachIntent? intent;
        try
        {
            intent = JsonSerializer.Deserialize<AttachIntent>(bytes, MediaJson.Options);
        }
        catch (JsonException ex)
        {
            damaged(location, $"it is not valid JSON: {ex.Message}");
            return null;
        }

        if (intent?.MediaIds is null)
        {
            damaged(location, "it names no media");
            return null;
        }

        return intent;
    }
}
