using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>One entry the server logged: its level, category, message and structured values.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>A structured value as the JSON console would write it (invariant culture); null when absent.</summary>
    public string? Text(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
}
