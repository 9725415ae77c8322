namespace Chirp.Server.Limits;

/// <summary>
/// The limit a response reports in its <c>X-RateLimit-*</c> headers: the address's, unless a per-user limit (or the
/// sign-up limit) decided the request, which then replaces it. Kept as a request feature so that the middleware, which
/// writes the headers as the response starts, sees the last decision.
/// </summary>
public sealed class RateLimitHeaders
{
    public RateLimitDecision Decision { get; set; }
}
