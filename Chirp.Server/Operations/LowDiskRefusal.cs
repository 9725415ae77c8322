namespace Chirp.Server.Operations;

/// <summary>
/// Middleware: while <see cref="DiskSpaceGuard.IsLow"/>, a request that may write (any method but GET, HEAD and
/// OPTIONS under /api and /oauth, media uploads included) is answered 507 before it reaches storage. Reads go on, and
/// so do sign-in and revocation (<c>/oauth/authorize</c>, <c>/oauth/token</c>, <c>/oauth/revoke</c>): a token is signed,
/// not stored, an authorization code is one small record, and a revocation must not wait for space, or a stolen token
/// would stay good.
/// </summary>
public static class LowDiskRefusal
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (context.RequestServices.GetRequiredService<DiskSpaceGuard>().IsLow
            && !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            && (request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || request.Path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase))
            && !request.Path.StartsWithSegments("/oauth/authorize", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/oauth/token", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/oauth/revoke", StringComparison.OrdinalIgnoreCase))
        {
            throw DiskFull.Error();
        }

        return next(context);
    }
}
