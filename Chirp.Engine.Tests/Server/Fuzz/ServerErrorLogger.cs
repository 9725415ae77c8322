using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>The logger of one category for <see cref="ServerErrorLog"/>: keeps Error and Critical entries only.</summary>
public sealed class ServerErrorLogger(string category, ConcurrentQueue<string> entries) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            entries.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : "\n" + exception)}");
        }
    }
}
