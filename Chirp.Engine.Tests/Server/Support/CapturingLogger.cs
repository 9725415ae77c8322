using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>The logger of one category for <see cref="LogCapture"/>.</summary>
public sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        entries.Enqueue(new CapturedLog(LogLevel.None, category, $"scope: {state}", ValuesOf(state)));
        return null;
    }

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception) + (exception is null ? "" : "\n" + exception);
        entries.Enqueue(new CapturedLog(logLevel, category, message, ValuesOf(state)));
    }

    private static Dictionary<string, object?> ValuesOf<TState>(TState state) =>
        state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value)
            : [];
}
