namespace Chirp.Server.Logging;

/// <summary>
/// Keeps URLs' query strings and bound parameter values out of the logs whatever the configured levels: the
/// framework categories below write them (the hosting "Request starting" line, routing's and parameter binding's debug
/// lines, Kestrel's bad-request details with the request line), so they are capped in code, where a "Default: Trace"
/// in configuration does not reach them. <see cref="RequestLog"/> writes the request line instead.
/// </summary>
public static class LogHygiene
{
    private static readonly (string Category, LogLevel Minimum)[] Caps =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),
        ("Microsoft.AspNetCore.Routing", LogLevel.Warning),
        ("Microsoft.AspNetCore.Http", LogLevel.Warning),
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Information),
    ];

    public static void Apply(ILoggingBuilder logging)
    {
        foreach (var (category, minimum) in Caps)
        {
            logging.AddFilter(category, minimum);
        }
    }
}
