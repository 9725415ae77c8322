using System.Text.Json;

namespace Chirp.Server.Media;

/// <summary>The JSON form of the store's files on disk (camelCase, as JsonSerializerDefaults.Web writes it).</summary>
internal static class MediaJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
