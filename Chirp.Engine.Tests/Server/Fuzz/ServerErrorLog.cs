using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Collects what the server logs at Error or worse (an unhandled exception, a failure after the response started),
/// with the exception, so a failing fuzz run shows the server's side of a bad answer, and so errors that never reach
/// the client (a connection dropped mid-response) still fail the test.
/// </summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _entries = new();

    public IReadOnlyCollection<string> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new ServerErrorLogger(categoryName, _entries);

    public void Dispose()
    {
    }
}
