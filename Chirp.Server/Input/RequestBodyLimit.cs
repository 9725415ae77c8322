using Chirp.Server.Media;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Chirp.Server.Input;

/// <summary>
/// Bounds each request body before the endpoint reads it: an endpoint's own <see cref="IRequestSizeLimitMetadata"/>
/// (media uploads), else <see cref="InputOptions.MaxBodyBytes"/>. Kestrel enforces the limit while the body is read
/// (a declared Content-Length over it fails at once), and the error handler answers 413 with a JSON body.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<InputOptions> options)
{
    /// <summary>Room for the multipart framing and the other fields of an upload, on top of the file's own limit.</summary>
    public const long UploadOverheadBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            var endpointLimit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>();
            feature.MaxRequestBodySize = endpointLimit is null ? options.Value.MaxBodyBytes : endpointLimit.MaxRequestBodySize;
        }

        return next(context);
    }

    /// <summary>The body limit of the media upload endpoints: the largest file allowed plus the multipart overhead.</summary>
    public static RequestSizeLimitAttribute ForMediaUpload(IEndpointRouteBuilder endpoints) =>
        new(endpoints.ServiceProvider.GetRequiredService<IOptions<MediaOptions>>().Value.MaxBytes + UploadOverheadBytes);
}
