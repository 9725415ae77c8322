using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Limits;

namespace Chirp.Server.Api;

/// <summary>Home and hashtag timelines, a user's statuses, and following; every list pages with Link headers.</summary>
public static class TimelineEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/v1/timelines/home", Home).RequireAuthorization(ScopePolicies.User("read:statuses"));
        app.MapGet("/api/v1/timelines/tag/{hashtag}", Tag);
        app.MapGet("/api/v1/accounts/{id}/statuses", AccountStatuses);
        app.MapPost("/api/v1/accounts/{id}/follow", (HttpContext c, EngineHost h, string id) => FollowAsync(c, h, id, follow: true)).RequireAuthorization(ScopePolicies.User("write:follows")).LimitedPerUser(limits => limits.Follows);
        app.MapPost("/api/v1/accounts/{id}/unfollow", (HttpContext c, EngineHost h, string id) => FollowAsync(c, h, id, follow: false)).RequireAuthorization(ScopePolicies.User("write:follows")).LimitedPerUser(limits => limits.Follows);
        app.MapGet("/api/v1/accounts/relationships", Relationships).RequireAuthorization(ScopePolicies.User("read:follows"));
    }

    private static IResult Home(HttpContext context, EngineHost host)
    {
        long reader = context.User.UserId()!.Value;
        var page = host.Engine.GetHomeTimeline(reader, Paging.Read(context.Request));
        return Statuses(context, host, page.Items, page.NextMaxId is not null);
    }

    private static IResult Tag(HttpContext context, EngineHost host, string hashtag)
    {
        var engine = host.Engine;
        long? reader = context.User.UserId();
        var page = engine.GetHashtagTimeline(hashtag, Paging.Read(context.Request));
        var items = page.Items.Select(t => StatusLoader.Load(engine, t.Id, reader)).OfType<TimelineItem>().ToList();
        return Statuses(context, host, items, page.NextMaxId is not null);
    }

    private static IResult AccountStatuses(HttpContext context, EngineHost host, string id)
    {
        var engine = host.Engine;
        long userId = Ids.Parse(id);
        _ = engine.GetAccount(userId) ?? throw ApiException.NotFound();
        long? reader = context.User.UserId();
        var page = engine.GetUserTweets(userId, Paging.Read(context.Request));
        var items = page.Items.Select(t => StatusLoader.Load(engine, t.Id, reader)).OfType<TimelineItem>().ToList();
        return Statuses(context, host, items, page.NextMaxId is not null);
    }

    private static IResult Statuses(HttpContext context, EngineHost host, IReadOnlyList<TimelineItem> items, bool hasNext)
    {
        var mapper = Mappers.For(context, host);
        Paging.SetLink(context, items.Count > 0 ? items[0].Tweet.Id : null, items.Count > 0 ? items[^1].Tweet.Id : null, hasNext && items.Count > 0);
        return MastodonResults.Json(items.Select(mapper.ToStatus).ToList());
    }

    private static async Task<IResult> FollowAsync(HttpContext context, EngineHost host, string id, bool follow)
    {
        long me = context.User.UserId()!.Value;
        long target = Ids.Parse(id);
        var engine = host.Engine;
        _ = engine.GetAccount(target) ?? throw ApiException.NotFound();
        if (target == me)
        {
            throw ApiException.Validation("id", "ERR_INVALID", "You cannot follow yourself");
        }

        var sent = follow
            ? await engine.FollowAsync(me, target, IdempotencyKeys.ForWrite(context, $"{me}"), context.RequestAborted).ConfigureAwait(false)
            : await engine.UnfollowAsync(me, target, IdempotencyKeys.ForWrite(context, $"{me}"), context.RequestAborted).ConfigureAwait(false);

        // This follow's own message only: a backlog for other shards must not hold the answer up.
        await engine.WaitForDeliveryAsync(sent, context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Relationship(engine, me, target));
    }

    private static IResult Relationships(HttpContext context, EngineHost host)
    {
        long me = context.User.UserId()!.Value;
        var ids = context.Request.Query["id[]"].Concat(context.Request.Query["id"]).Where(v => !string.IsNullOrEmpty(v))
            .Select(v => long.TryParse(v, out long parsed) ? parsed : 0).Where(v => v > 0).Distinct().Take(Paging.MaxLimit).ToList();
        var engine = host.Engine;
        return MastodonResults.Json(ids.Where(i => engine.GetAccount(i) is not null).Select(i => Relationship(engine, me, i)).ToList());
    }

    private static Mastodon.RelationshipEntity Relationship(ChirpEngine engine, long me, long other) =>
        Mastodon.EntityMapper.ToRelationship(other, engine.IsFollowing(me, [other])[0], engine.IsFollowing(other, [me])[0]);
}
