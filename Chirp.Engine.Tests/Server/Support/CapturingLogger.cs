using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>The logger of one category for <see cref="LogCapture"/>.</summary>
public sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.ToDictionary(p => p.Key, p => p.Value)
            : [];
        entries.Enqueue(new CapturedLog(logLevel, category, formatter(state, exception), values));
    }
}
