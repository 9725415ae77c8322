using System.Globalization;
using Chirp.Server.Api;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Limits;

/// <summary>
/// The server's limits. Every API and OAuth request counts against its client address (default 1,000 a minute), and
/// media content under /media against a higher one (3,000); every such response carries <c>X-RateLimit-Limit</c>,
/// <c>-Remaining</c> and <c>-Reset</c> (ISO 8601) of the limit that decided it. Writes are limited per user, sign-ups
/// and upload bytes per address too. Over a limit: 429 with <c>Retry-After</c> and <c>{"error":"Too many requests"}</c>,
/// and a log line naming the limit, the partition (user id or address) and the wait.
/// </summary>
public sealed class RateLimits : IDisposable
{
    private const int MiB = 1 << 20;

    private readonly WindowedLimiter _perIp;
    private readonly WindowedLimiter _mediaPerIp;
    private readonly TimeProvider _clock;
    private readonly ILogger<RateLimits> _logger;

    /// <summary>The Idempotency-Keys of posts already counted, so that retries are free.</summary>
    private readonly CountedRequests _countedPosts = new();

    public RateLimits(IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<RateLimits> logger)
    {
        var settings = options.Value;
        _clock = clock;
        _logger = logger;
        var minute = TimeSpan.FromMinutes(1);
        var halfHour = TimeSpan.FromMinutes(30);
        var hour = TimeSpan.FromHours(1);
        _perIp = new(nameof(settings.RequestsPerIpPerMinute), settings.RequestsPerIpPerMinute, minute, clock);
        _mediaPerIp = new(nameof(settings.MediaRequestsPerIpPerMinute), settings.MediaRequestsPerIpPerMinute, minute, clock);
        Statuses = new(nameof(settings.StatusesPerUserPerMinute), settings.StatusesPerUserPerMinute, minute, clock);
        Replies = new(nameof(settings.RepliesPerUserPerMinute), settings.RepliesPerUserPerMinute, minute, clock);
        Edits = new(nameof(settings.EditsPerUserPerMinute), settings.EditsPerUserPerMinute, minute, clock);
        Favourites = new(nameof(settings.FavouritesPerUserPerMinute), settings.FavouritesPerUserPerMinute, minute, clock);
        Reblogs = new(nameof(settings.ReblogsPerUserPerMinute), settings.ReblogsPerUserPerMinute, minute, clock);
        Follows = new(nameof(settings.FollowsPerUserPerDay), settings.FollowsPerUserPerDay, TimeSpan.FromDays(1), clock);
        MediaUploads = new(nameof(settings.MediaUploadsPerUserPer30Minutes), settings.MediaUploadsPerUserPer30Minutes, halfHour, clock);
        MediaBytesPerUser = new(nameof(settings.MediaMiBPerUserPerHour), settings.MediaMiBPerUserPerHour * MiB, hour, clock);
        MediaBytesPerIp = new(nameof(settings.MediaMiBPerIpPerHour), settings.MediaMiBPerIpPerHour * MiB, hour, clock);
        SignUps = new(nameof(settings.SignUpsPerIpPer30Minutes), settings.SignUpsPerIpPer30Minutes, halfHour, clock);
    }

    public WindowedLimiter Statuses { get; }

    public WindowedLimiter Replies { get; }

    public WindowedLimiter Edits { get; }

    public WindowedLimiter Favourites { get; }

    public WindowedLimiter Reblogs { get; }

    public WindowedLimiter Follows { get; }

    public WindowedLimiter MediaUploads { get; }

    public WindowedLimiter MediaBytesPerUser { get; }

    public WindowedLimiter MediaBytesPerIp { get; }

    public WindowedLimiter SignUps { get; }


    /// <summary>The per-address limits, as middleware for the API, OAuth and media content routes.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path;
        var limiter = path.StartsWithSegments("/api") || path.StartsWithSegments("/oauth") ? _perIp
            : path.StartsWithSegments("/media") ? _mediaPerIp
            : null;
        if (limiter is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string partition = ClientPartition.Of(context);
        var headers = new RateLimitHeaders { Decision = limiter.Acquire(partition) };
        context.Features.Set(headers);

        // Set as the response starts, so that error responses (whose headers the exception handler clears) keep them.
        context.Response.OnStarting(() =>
        {
            var decision = headers.Decision;
            var response = context.Response.Headers;
            response["X-RateLimit-Limit"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
            response["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            response["X-RateLimit-Reset"] = decision.Reset.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        });
        if (!headers.Decision.Granted)
        {
            var error = Refused(limiter, partition, headers.Decision);
            context.Response.StatusCode = error.Status;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(error.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json; charset=utf-8";
            await ApiErrors.WriteAsync(context.Response.Body, error, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// Throws 429 when the partition has nothing left of the limit; takes nothing, so that a request that then fails
    /// (422, 404) costs nothing: the permit is spent by <see cref="Spend"/> once the work is done.
    /// </summary>
    public void Require(HttpContext context, WindowedLimiter limit, string partition)
    {
        var decision = limit.Peek(partition);
        if (!decision.Granted)
        {
            Show(context, decision);
            throw Refused(limit, partition, decision);
        }
    }

    /// <summary>Counts work done against the partition (one action, or bytes stored) and reports that limit in the headers.</summary>
    public void Spend(HttpContext context, WindowedLimiter limit, string partition, long amount = 1) =>
        Show(context, limit.Spend(partition, amount));

    /// <summary>Takes a permit before work whose cost is paid even when it then fails (hashing a sign-up's password).</summary>
    public void Take(HttpContext context, WindowedLimiter limit, string partition)
    {
        var decision = limit.Acquire(partition);
        Show(context, decision);
        if (!decision.Granted)
        {
            throw Refused(limit, partition, decision);
        }
    }

    /// <summary>
    /// Refuses a post when its user has no status (or reply) left, unless it retries an Idempotency-Key already counted:
    /// that retry returns the first status, and costs nothing even once the limit is spent.
    /// </summary>
    public void RequirePost(HttpContext context, long userId, bool isReply, Guid requestId)
    {
        if (!_countedPosts.Contains(requestId))
        {
            Require(context, isReply ? Replies : Statuses, userId.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Counts a written post, once per Idempotency-Key; refused posts (422, 404) never get here and cost nothing.</summary>
    public void SpendPost(HttpContext context, long userId, bool isReply, Guid requestId)
    {
        if (!_countedPosts.Contains(requestId))
        {
            Spend(context, isReply ? Replies : Statuses, userId.ToString(CultureInfo.InvariantCulture));
            _countedPosts.Add(requestId);
        }
    }

    /// <summary>
    /// Refuses an upload when its user has no upload or bytes left, or its address no bytes. An upload's size is known
    /// only once it is stored, and refused uploads cost nothing, so the uploads in flight when a limit runs out all
    /// count (and may each go past it by one upload's bytes); the per-address request limit bounds how many those are.
    /// </summary>
    public void RequireUpload(HttpContext context, long userId)
    {
        string user = userId.ToString(CultureInfo.InvariantCulture);
        Require(context, MediaUploads, user);
        Require(context, MediaBytesPerUser, user);
        Require(context, MediaBytesPerIp, ClientPartition.Of(context));
    }

    /// <summary>Counts a stored upload: one upload for the user, its bytes for the user and for the address.</summary>
    public void SpendUpload(HttpContext context, long userId, long bytes)
    {
        string user = userId.ToString(CultureInfo.InvariantCulture);
        Spend(context, MediaBytesPerIp, ClientPartition.Of(context), bytes);
        Spend(context, MediaBytesPerUser, user, bytes);
        Spend(context, MediaUploads, user);
    }

    private static void Show(HttpContext context, RateLimitDecision decision)
    {
        if (context.Features.Get<RateLimitHeaders>() is { } headers)
        {
            headers.Decision = decision;
        }
    }

    private ApiException Refused(WindowedLimiter limit, string partition, RateLimitDecision decision)
    {
        var retryAfter = decision.RetryAfter(_clock.GetUtcNow());
        _logger.LogInformation("Rate limit {Limit} refused {Partition}; retry after {RetryAfterSeconds} s", limit.Name, partition, Math.Ceiling(retryAfter.TotalSeconds));
        return ApiException.TooManyRequests(retryAfter);
    }

    public void Dispose()
    {
        foreach (var limit in new[] { _perIp, _mediaPerIp, Statuses, Replies, Edits, Favourites, Reblogs, Follows, MediaUploads, MediaBytesPerUser, MediaBytesPerIp, SignUps })
        {
            limit.Dispose();
        }

        _countedPosts.Dispose();
    }
}
