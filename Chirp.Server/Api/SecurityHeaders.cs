using Microsoft.Net.Http.Headers;

namespace Chirp.Server.Api;

/// <summary>
/// Headers on every response, errors included: <c>X-Content-Type-Options: nosniff</c>, so a browser never takes an
/// image or a JSON body for a page or a script, and a Content-Security-Policy that lets nothing load, run or frame the
/// response. A response that sets its own policy keeps it (media add <c>sandbox</c>; the OAuth page allows its inline style).
/// </summary>
public static class SecurityHeaders
{
    /// <summary>For JSON and anything else that is not a page: nothing may load from it, and no page may frame it.</summary>
    public const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>For media content: also <c>sandbox</c>, so even a file opened directly as a document runs no script and has no origin.</summary>
    public const string MediaPolicy = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /// <summary>Adds the headers when each response starts (after the exception handler has rewritten an error response).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            response.Headers[HeaderNames.XFrameOptions] = "DENY";
            if (!response.Headers.ContainsKey(HeaderNames.ContentSecurityPolicy))
            {
                response.Headers.ContentSecurityPolicy = DefaultPolicy;
            }

            return Task.CompletedTask;
        });
        return next(context);
    });
}
