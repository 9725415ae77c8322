using System.Security.Cryptography;
using System.Text;
using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Limits;
using Chirp.Server.Media;

namespace Chirp.Server.Api;

/// <summary>Statuses: post, read, edit, delete, context, history, source, favourite and reblog.</summary>
public static class StatusEndpoints
{
    public static void Map(WebApplication app)
    {
        string write = ScopePolicies.User("write:statuses");
        app.MapPost("/api/v1/statuses", CreateAsync).RequireAuthorization(write);
        app.MapGet("/api/v1/statuses/{id}", Get);
        app.MapPut("/api/v1/statuses/{id}", EditAsync).RequireAuthorization(write).LimitedPerUser(limits => limits.Edits);
        app.MapDelete("/api/v1/statuses/{id}", DeleteAsync).RequireAuthorization(write);
        app.MapGet("/api/v1/statuses/{id}/context", Context);
        app.MapGet("/api/v1/statuses/{id}/history", History);
        app.MapGet("/api/v1/statuses/{id}/source", Source).RequireAuthorization(ScopePolicies.User("read:statuses"));
        string favourites = ScopePolicies.User("write:favourites");
        app.MapPost("/api/v1/statuses/{id}/favourite", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t) => e.LikeAsync(u, t))).RequireAuthorization(favourites).LimitedPerUser(limits => limits.Favourites);
        app.MapPost("/api/v1/statuses/{id}/unfavourite", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t) => e.UnlikeAsync(u, t))).RequireAuthorization(favourites).LimitedPerUser(limits => limits.Favourites);
        app.MapPost("/api/v1/statuses/{id}/reblog", ReblogAsync).RequireAuthorization(write).LimitedPerUser(limits => limits.Reblogs);
        app.MapPost("/api/v1/statuses/{id}/unreblog", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t) => e.UndoRetweetAsync(u, t))).RequireAuthorization(write).LimitedPerUser(limits => limits.Reblogs);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EngineHost host)
    {
        long userId = context.User.UserId()!.Value;
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        string text = parameters.Get("status") ?? "";
        var mediaIds = MediaIds(parameters);
        if (string.IsNullOrWhiteSpace(text) && mediaIds.Count == 0)
        {
            throw ApiException.Validation("status", "ERR_BLANK", "Text can't be blank");
        }

        string? parent = parameters.Get("in_reply_to_id");
        Guid requestId = IdempotencyKey(context, userId);
        var limits = context.RequestServices.GetRequiredService<RateLimits>();
        limits.RequirePost(context, userId, isReply: !string.IsNullOrEmpty(parent), requestId);
        var media = context.RequestServices.GetRequiredService<MediaStore>();
        var attachments = MediaEndpoints.CheckForStatus(media, mediaIds, userId);
        var engine = host.Engine;
        var tweet = string.IsNullOrEmpty(parent)
            ? await engine.CreateTweetAsync(userId, text, attachments, requestId, context.RequestAborted).ConfigureAwait(false)
            : await engine.CreateReplyAsync(userId, Ids.Parse(parent), text, attachments, requestId, context.RequestAborted).ConfigureAwait(false);
        limits.SpendPost(context, userId, isReply: !string.IsNullOrEmpty(parent), requestId);
        if (attachments.Count > 0)
        {
            media.MarkAttached(attachments, tweet.Id, userId);
        }
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(engine, tweet.Id, userId)));
    }

    private static IResult Get(HttpContext context, EngineHost host, string id) =>
        MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, Ids.Parse(id), context.User.UserId())));

    private static async Task<IResult> EditAsync(HttpContext context, EngineHost host, string id)
    {
        long userId = context.User.UserId()!.Value;
        long tweetId = Ids.Parse(id);
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        string text = parameters.Get("status") ?? throw ApiException.Validation("status", "ERR_BLANK", "Text can't be blank");
        await host.Engine.EditTweetAsync(userId, tweetId, text, null, default, context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, tweetId, userId)));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, EngineHost host, string id)
    {
        long userId = context.User.UserId()!.Value;
        var item = StatusLoader.Require(host.Engine, Ids.Parse(id), userId);
        if (item.Tweet.AuthorId != userId)
        {
            throw ApiException.Forbidden();
        }

        await host.Engine.DeleteTweetAsync(userId, item.Tweet.Id, default, context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToDeletedStatus(item));
    }

    private static IResult Context(HttpContext context, EngineHost host, string id)
    {
        var engine = host.Engine;
        long? reader = context.User.UserId();
        var item = StatusLoader.Require(engine, Ids.Parse(id), reader);
        var ancestors = engine.GetAncestors(item.Tweet.Id).Select(t => StatusLoader.Load(engine, t.Id, reader)).OfType<TimelineItem>().ToList();
        var descendants = new List<TimelineItem>();
        var pending = new Queue<long>([item.Tweet.Id]);
        while (pending.Count > 0 && descendants.Count < 4096)
        {
            long? after = null;
            long parent = pending.Dequeue();
            while (true)
            {
                var replies = engine.GetReplies(parent, after, PageRequest.MaxLimit);
                foreach (var reply in replies.Items)
                {
                    if (StatusLoader.Load(engine, reply.Id, reader) is { } loaded)
                    {
                        descendants.Add(loaded);
                        pending.Enqueue(reply.Id);
                    }
                }

                if (replies.NextMaxId is null)
                {
                    break;
                }

                after = replies.NextMaxId;
            }
        }

        return MastodonResults.Json(Mappers.For(context, host).ToContext(ancestors, descendants));
    }

    private static IResult History(HttpContext context, EngineHost host, string id)
    {
        var item = StatusLoader.Require(host.Engine, Ids.Parse(id), null);
        var earlier = host.Engine.GetEditHistory(item.Tweet.Id);
        return MastodonResults.Json(Mappers.For(context, host).ToEditHistory(item.Tweet, item.Author, earlier));
    }

    private static IResult Source(HttpContext context, EngineHost host, string id)
    {
        var item = StatusLoader.Require(host.Engine, Ids.Parse(id), null);
        return item.Tweet.AuthorId == context.User.UserId()
            ? MastodonResults.Json(Mastodon.EntityMapper.ToSource(item.Tweet))
            : throw ApiException.NotFound();
    }

    private static async Task<IResult> ReblogAsync(HttpContext context, EngineHost host, string id)
    {
        long userId = context.User.UserId()!.Value;
        var retweet = await host.Engine.RetweetAsync(userId, Ids.Parse(id), default, context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, retweet.Id, userId)));
    }

    private static async Task<IResult> EngageAsync(HttpContext context, EngineHost host, string id, Func<ChirpEngine, long, long, ValueTask> act)
    {
        long userId = context.User.UserId()!.Value;
        long tweetId = Ids.Parse(id);
        _ = StatusLoader.Require(host.Engine, tweetId, userId);
        await act(host.Engine, userId, tweetId).ConfigureAwait(false);
        await host.Engine.FlushOutboxAsync(context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, tweetId, userId)));
    }

    private static List<string> MediaIds(ApiParameters parameters) =>
        [.. parameters.Values("media_ids").Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    /// <summary>
    /// Mastodon's Idempotency-Key: the same key from the same user within a day returns the first status, never a
    /// second one. The engine's request ids do exactly that; the key is hashed with the user into one.
    /// </summary>
    private static Guid IdempotencyKey(HttpContext context, long userId)
    {
        string? key = context.Request.Headers["Idempotency-Key"];
        if (string.IsNullOrEmpty(key))
        {
            return Guid.Empty;
        }

        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}:{key}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
