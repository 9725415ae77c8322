using System.Globalization;

namespace Chirp.Server.Mastodon;

/// <summary>Ids on the wire: decimal strings of the engine's Snowflake ids (clients compare them by length, then lexically).</summary>
public static class MastodonId
{
    /// <summary>The wire form of an id.</summary>
    public static string Format(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The wire form of an optional id (null stays null).</summary>
    public static string? Format(long? id) => id is long value ? Format(value) : null;

    /// <summary>Parses an id from a path or query: decimal digits only, no sign, no spaces.</summary>
    public static bool TryParse(string? text, out long id) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id);
}
