using System.Diagnostics;

namespace Chirp.Server.Logging;

/// <summary>
/// One line per request, at Information under <see cref="Category"/>: method, path, status and duration. It stands
/// in for ASP.NET Core's "Request starting/finished" lines, which write the whole URL with its query string, where
/// clients put search terms and (wrongly) passwords; this line never has the query string or the body.
/// </summary>
public sealed partial class RequestLog(RequestDelegate next, ILoggerFactory loggers)
{
    public const string Category = "Chirp.Server.Requests";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var request = context.Request;
                double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Finished(_logger, request.Method, request.PathBase + request.Path, context.Response.StatusCode, Math.Round(milliseconds, 1));
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method} {Path} {StatusCode} {ElapsedMilliseconds} ms")]
    private static partial void Finished(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);
}
