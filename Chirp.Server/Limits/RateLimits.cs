using System.Globalization;
using Chirp.Server.Api;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Limits;

/// <summary>
/// The server's limits: every API and OAuth request counts against its client address (default 1,000 a minute), and
/// every response carries <c>X-RateLimit-Limit</c>, <c>-Remaining</c> and <c>-Reset</c> (ISO 8601); posting is
/// limited per user (default 10 statuses and 20 replies a minute). Over a limit: 429 with <c>Retry-After</c> and
/// <c>{"error":"Too many requests"}</c>.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private readonly WindowedLimiter _perIp;
    private readonly WindowedLimiter _statuses;
    private readonly WindowedLimiter _replies;
    private readonly TimeProvider _clock;

    public RateLimits(IOptions<RateLimitOptions> options, TimeProvider clock)
    {
        var settings = options.Value;
        _clock = clock;
        _perIp = new WindowedLimiter(settings.RequestsPerIpPerMinute, clock);
        _statuses = new WindowedLimiter(settings.StatusesPerUserPerMinute, clock);
        _replies = new WindowedLimiter(settings.RepliesPerUserPerMinute, clock);
    }

    /// <summary>The per-address limit, as middleware for the API and OAuth routes.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/oauth"))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string key = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var decision = _perIp.Acquire(key);

        // Set as the response starts, so that error responses (whose headers the exception handler clears) keep them.
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Reset"] = decision.Reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        if (!decision.Granted)
        {
            var error = TooMany(decision);
            context.Response.StatusCode = error.Status;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(error.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json; charset=utf-8";
            await ApiErrors.WriteAsync(context.Response.Body, error, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Takes a posting permit for a user (replies and statuses have separate limits); throws 429 when spent.</summary>
    public void TakePost(long userId, bool isReply)
    {
        var decision = (isReply ? _replies : _statuses).Acquire(userId.ToString(CultureInfo.InvariantCulture));
        if (!decision.Granted)
        {
            throw TooMany(decision);
        }
    }

    private ApiException TooMany(RateLimitDecision decision) => ApiException.TooManyRequests(decision.RetryAfter(_clock.GetUtcNow()));

    public void Dispose()
    {
        _perIp.Dispose();
        _statuses.Dispose();
        _replies.Dispose();
    }
}
