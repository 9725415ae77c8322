using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>One entry of <see cref="CapturedLog"/>: its category, level, text and structured values.</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, string Text, IReadOnlyDictionary<string, string?> Values)
{
    /// <summary>The text and every structured value, for searching.</summary>
    public string Everything => Text + " " + string.Join(' ', Values.Select(v => $"{v.Key}={v.Value}"));
}
