using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>One entry of a <see cref="CapturedLog"/>: its category, level, message and structured values.</summary>
public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, string?> Values);
