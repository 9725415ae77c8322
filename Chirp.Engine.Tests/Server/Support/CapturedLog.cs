using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>One entry the server logged: its level, category, message and structured values.</summary>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, IReadOnlyDictionary<string, object?> Values);
