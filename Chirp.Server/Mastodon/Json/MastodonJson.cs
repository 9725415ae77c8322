using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Chirp.Server.Mastodon;

/// <summary>
/// The JSON conventions of the Mastodon API: snake_case keys, every key written (null rather than missing), enums as
/// snake_case strings, times as <c>2019-12-05T11:34:47.196Z</c>. Ids are strings because the entities declare them so;
/// <c>last_status_at</c> is a <see cref="DateOnly"/>, which System.Text.Json writes as <c>YYYY-MM-DD</c>.
/// </summary>
public static class MastodonJson
{
    /// <summary>Ready-made, read-only options with the API's conventions (web defaults underneath).</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Applies the API's conventions to existing options, for example ASP.NET's
    /// (<c>services.ConfigureHttpJsonOptions(o => MastodonJson.Configure(o.SerializerOptions))</c>).
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        // Keys of the 422 error details are field names chosen by the caller: written as given.
        options.DictionaryKeyPolicy = null;
        // Strict clients crash on a missing key as much as on a wrong one; only error bodies opt out per property.
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Request bodies: clients send ids and numbers as strings, and keys in any case.
        options.PropertyNameCaseInsensitive = true;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        // Keeps non-ASCII text readable while still escaping HTML-significant characters, as Mastodon does.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        AddConverterOnce(options, new MastodonTimeConverter());
        AddConverterOnce(options, new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static void AddConverterOnce(JsonSerializerOptions options, JsonConverter converter)
    {
        if (!options.Converters.Any(existing => existing.GetType() == converter.GetType()))
        {
            options.Converters.Add(converter);
        }
    }
}
