using System.Text.Json;
using Chirp.Engine;
using Chirp.Server.Mastodon;
using Chirp.Server.Operations;
using Microsoft.AspNetCore.Diagnostics;

namespace Chirp.Server.Api;

/// <summary>
/// Turns every failure into a Mastodon error body with the right status: <see cref="ApiException"/> as it says; the
/// engine's <see cref="ChirpException"/> by its code (validation 422 with <c>details</c>, conflict 422 ERR_TAKEN, not
/// found 404, forbidden 403, disabled 503, a cluster node's not_leader and write_outcome_unknown 503 with Retry-After); a failing media bucket 503 media_storage_unavailable, logged; a malformed request 400; a write that found the disk full 507, logged;
/// anything else 500, logged, without internals.
/// </summary>
public sealed class ApiErrors(ILogger<ApiErrors> logger) : IExceptionHandler
{
    /// <summary>A Raft election takes one to two election timeouts (1–2 s by default): retry after a second.</summary>
    private static readonly TimeSpan ClusterRetryAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MediaStorageRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = Translate(exception);
        if (DiskFull.IsCause(exception))
        {
            logger.LogError(exception, "Out of disk space on {Method} {Path}", context.Request.Method, context.Request.Path);
        }
        else if (exception is Media.MediaStorageException storage)
        {
            logger.LogError(exception, "Media storage failed ({Problem}) on {Method} {Path}", storage.Code, context.Request.Method, context.Request.Path);
        }
        else if (error.Status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        context.Response.StatusCode = error.Status;
        if (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone: nobody reads the body, and writing it with the aborted token would throw, which the
            // exception handler middleware and Kestrel would each log as an error of the server.
            return true;
        }

        if (error.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        try
        {
            await WriteAsync(context.Response.Body, error, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while the body was being written (a truncated request, say): as above.
        }

        return true;
    }

    public static ApiException Translate(Exception exception) => exception switch
    {
        ApiException api => api,
        ChirpException { ErrorCode: ChirpErrorCode.Validation } chirp =>
            ApiException.Validation(chirp.Field ?? "base", chirp.Field is null ? ValidationErrorCode.Invalid : BlankOrInvalid(chirp), chirp.Message),
        ChirpException { ErrorCode: ChirpErrorCode.Conflict } chirp => ApiException.Validation(chirp.Field ?? "base", ValidationErrorCode.Taken, chirp.Message),
        ChirpException { ErrorCode: ChirpErrorCode.NotFound } => ApiException.NotFound(),
        ChirpException { ErrorCode: ChirpErrorCode.Forbidden } chirp => ApiException.Forbidden(chirp.Message),
        ChirpException { ErrorCode: ChirpErrorCode.Disabled } chirp => new ApiException(StatusCodes.Status503ServiceUnavailable, chirp.Message),

        // Nothing of the write was stored and the shard went on from its last entry: a retry (same Idempotency-Key) may succeed.
        // A cluster node that does not lead the write's shard (nothing was written), or lost the lead during it (the
        // outcome is unknown; the same Idempotency-Key makes a retry safe). Until writes are forwarded to the leader,
        // the client retries, on this node after an election or on another node: the stable code is in "error", like
        // the OAuth-style 503 "temporarily_unavailable" of the password gate, and Retry-After says when.
        ChirpException { ErrorCode: ChirpErrorCode.NotLeader or ChirpErrorCode.WriteOutcomeUnknown } chirp =>
            new ApiException(StatusCodes.Status503ServiceUnavailable, chirp.Code, chirp.Message) { RetryAfter = ClusterRetryAfter },
        ChirpException { ErrorCode: ChirpErrorCode.ShardFailed } => new ApiException(StatusCodes.Status503ServiceUnavailable, "The write failed and was not stored; try again."),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ApiException(StatusCodes.Status413PayloadTooLarge, Input.RequestBodyLimit.TooLargeMessage),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, "The request is malformed."),
        // The media bucket failed or cannot be reached: nothing of the request was stored (or an attach completes at the next open).
        Media.MediaStorageException => new ApiException(StatusCodes.Status503ServiceUnavailable, "media_storage_unavailable", "The media storage is unavailable; try again.") { RetryAfter = MediaStorageRetryAfter },
        _ when DiskFull.IsCause(exception) => DiskFull.Error(),
        _ => new ApiException(StatusCodes.Status500InternalServerError, "Internal server error"),
    };

    public static Task WriteAsync(Stream body, ApiException error, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(body, ToEntity(error), MastodonJson.Options, cancellationToken);

    private static ErrorEntity ToEntity(ApiException error) =>
        error.Status == StatusCodes.Status422UnprocessableEntity && error.FieldName is not null
            ? ErrorEntity.Validation(error.FieldName, error.DetailCode ?? ValidationErrorCode.Invalid, error.Message.Replace("Validation failed: ", "", StringComparison.Ordinal))
            : new ErrorEntity { Error = error.Error, ErrorDescription = error.Description };

    private static string BlankOrInvalid(ChirpException chirp) =>
        chirp.Message.Contains("required", StringComparison.OrdinalIgnoreCase) || chirp.Message.Contains("empty", StringComparison.OrdinalIgnoreCase)
            ? ValidationErrorCode.Blank
            : ValidationErrorCode.Invalid;
}
