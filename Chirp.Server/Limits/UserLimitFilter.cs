using System.Globalization;
using Chirp.Server.Auth;

namespace Chirp.Server.Limits;

/// <summary>
/// A per-user limit on an endpoint, as an endpoint filter: a user with nothing left gets 429 before the endpoint runs;
/// the permit is spent only when the endpoint succeeds, so refused requests (404, 422) cost nothing. Concurrent
/// requests of one user may each pass the check before any spends, so a burst can overshoot by the requests in flight.
/// </summary>
public static class UserLimitFilter
{
    public static RouteHandlerBuilder LimitedPerUser(this RouteHandlerBuilder endpoint, Func<RateLimits, WindowedLimiter> limit) =>
        endpoint.AddEndpointFilter(async (invocation, next) =>
        {
            var context = invocation.HttpContext;
            var limits = context.RequestServices.GetRequiredService<RateLimits>();
            var limiter = limit(limits);
            string user = context.User.UserId()!.Value.ToString(CultureInfo.InvariantCulture);
            limits.Require(context, limiter, user);
            object? result = await next(invocation).ConfigureAwait(false);
            limits.Spend(context, limiter, user);
            return result;
        });
}
