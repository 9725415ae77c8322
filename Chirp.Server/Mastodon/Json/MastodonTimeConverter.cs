using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Chirp.Server.Mastodon;

/// <summary>
/// Writes times as Mastodon does, <c>2019-12-05T11:34:47.196Z</c>: UTC, exactly three fraction digits, uppercase Z.
/// The default converter writes the offset and up to seven digits, which some clients' date parsers refuse.
/// Reads any ISO 8601 time; one without an offset is taken as UTC.
/// </summary>
public sealed class MastodonTimeConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The format written (sub-millisecond digits are cut, not rounded, so a time never moves forward).</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>A time in the API's format.</summary>
    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text = reader.GetString();
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new JsonException($"'{text}' is not an ISO 8601 time.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(ToText(value));
    }
}
