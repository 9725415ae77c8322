using Chirp.Engine;
using Chirp.Server.Auth;

namespace Chirp.Server.Api;

/// <summary>
/// Lists of accounts: followers, following, who favourited and who reblogged a status (paged by the edge's cursor,
/// with Link headers; limit 40 by default, 80 at most, as Mastodon); and profile updates.
/// </summary>
public static class RelationEndpoints
{
    private const int DefaultLimit = 40;
    private const int MaxLimit = 80;

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/v1/accounts/{id}/followers", (HttpContext c, EngineHost h, string id) => Accounts(c, h, RequireAccount(h, id), (e, i, p) => e.GetFollowers(i, p)));
        app.MapGet("/api/v1/accounts/{id}/following", (HttpContext c, EngineHost h, string id) => Accounts(c, h, RequireAccount(h, id), (e, i, p) => e.GetFollowing(i, p)));
        app.MapGet("/api/v1/statuses/{id}/favourited_by", (HttpContext c, EngineHost h, string id) => Accounts(c, h, RequireStatus(h, id), (e, i, p) => e.GetLikers(i, p)));
        app.MapGet("/api/v1/statuses/{id}/reblogged_by", (HttpContext c, EngineHost h, string id) => Accounts(c, h, RequireStatus(h, id), (e, i, p) => e.GetRetweeters(i, p)));
        app.MapMethods("/api/v1/accounts/update_credentials", ["PATCH"], UpdateCredentialsAsync).RequireAuthorization(ScopePolicies.User("write:accounts"));
    }

    private static long RequireAccount(EngineHost host, string id) =>
        host.Engine.GetAccount(Ids.Parse(id))?.Id ?? throw ApiException.NotFound();

    private static long RequireStatus(EngineHost host, string id) =>
        host.Engine.GetTweet(Ids.Parse(id))?.Id ?? throw ApiException.NotFound();

    private static IResult Accounts(HttpContext context, EngineHost host, long owner, Func<ChirpEngine, long, PageRequest, Page<AccountEdge>> list)
    {
        var query = context.Request.Query;
        var read = Paging.Read(context.Request, minIdSupported: false);
        int limit = string.IsNullOrEmpty(query["limit"]) ? DefaultLimit
            : int.TryParse(query["limit"], out int asked) ? Math.Clamp(asked, 1, MaxLimit)
            : throw ApiException.Validation("limit", "ERR_INVALID", "limit must be a number");
        var page = list(host.Engine, owner, read with { Limit = limit });
        var accounts = host.Engine.GetAccounts([.. page.Items.Select(e => e.UserId)]);
        var mapper = Mappers.For(context, host);
        // These lists page older only (the engine's edge lists have no min_id), so there is no "prev" link.
        Paging.SetLink(context, null, page.NextMaxId, page.NextMaxId is not null, withPrevious: false);
        return MastodonResults.Json(accounts.OfType<Account>().Select(mapper.ToAccount).ToList());
    }

    private static async Task<IResult> UpdateCredentialsAsync(HttpContext context, EngineHost host)
    {
        long userId = context.User.UserId()!.Value;
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var account = await host.Engine.UpdateProfileAsync(userId, new ProfileUpdate(parameters.Get("display_name"), parameters.Get("note")), IdempotencyKeys.ForWrite(context, $"{userId}"), context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToCredentialAccount(account));
    }
}
