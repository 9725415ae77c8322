using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// One entry the server logged: its level, category, message (with the exception, if any) and structured values. A
/// scope the server began is kept as an entry of level <see cref="LogLevel.None"/>.
/// </summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The message and every structured value, for searching.</summary>
    public string Everything => Message + " " + string.Join(' ', Values.Keys.Select(key => $"{key}={Text(key)}"));

    /// <summary>A structured value as the JSON console would write it (invariant culture); null when absent.</summary>
    public string? Text(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
