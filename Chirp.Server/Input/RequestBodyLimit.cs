using Chirp.Server.Api;
using Chirp.Server.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Input;

/// <summary>
/// Bounds each request body before the endpoint reads it: an endpoint's own <see cref="IRequestSizeLimitMetadata"/>
/// (media uploads), else <see cref="InputOptions.MaxBodyBytes"/>. A declared Content-Length over the limit is
/// answered 413 here, before authentication or the endpoint, and the connection is closed: the unread rest of the body
/// cannot be skipped within the limit, and a client that reused the connection would find it cut. Otherwise Kestrel
/// enforces the limit while the body is read (chunked bodies), and the error handler answers 413 with a JSON body.
/// Runs after the rate limiter, so the 413 carries the rate-limit headers like every API answer.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<InputOptions> options)
{
    /// <summary>Room for the multipart framing and the other fields of an upload, on top of the file's own limit.</summary>
    public const long UploadOverheadBytes = 64 * 1024;

    /// <summary>The error of a body over its limit, whether refused here or while being read.</summary>
    public const string TooLargeMessage = "The request body is too large.";

    public Task InvokeAsync(HttpContext context)
    {
        var endpointLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
        long? limit = endpointLimit is null ? options.Value.MaxBodyBytes : endpointLimit.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            return TooLargeAsync(context);
        }

        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }

        return next(context);
    }

    private static async Task TooLargeAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        response.Headers.Connection = "close";
        response.ContentType = "application/json; charset=utf-8";
        try
        {
            await ApiErrors.WriteAsync(response.Body, new ApiException(StatusCodes.Status413PayloadTooLarge, TooLargeMessage), context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client is gone; nobody reads the answer.
        }
    }

    /// <summary>The body limit of the media upload endpoints: the largest file allowed plus the multipart overhead.</summary>
    public static RequestSizeLimitAttribute ForMediaUpload(IEndpointRouteBuilder endpoints) =>
        new(endpoints.ServiceProvider.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes + UploadOverheadBytes);
}
