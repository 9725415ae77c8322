using System.Text.Json;
using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

/// <summary>Serializes with the API's options and checks the raw JSON.</summary>
internal static class JsonAssert
{
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, MastodonJson.Options);

    public static JsonElement Parse<T>(T value) => JsonDocument.Parse(Serialize(value)).RootElement.Clone();

    public static void HasExactlyKeys(JsonElement json, params string[] keys) =>
        Assert.Equal(keys.Order(StringComparer.Ordinal), json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
}
