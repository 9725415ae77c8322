using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Support;

/// <summary>
/// A logging provider that keeps every entry the server writes at or above the configured levels, with its structured
/// values, for tests that check what is logged. Add it with <see cref="AddTo"/> as the builder hook of
/// <see cref="RunningServer.StartConfiguredAsync"/>.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public void AddTo(WebApplicationBuilder builder) => builder.Logging.AddProvider(this);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
