using Chirp.Engine;
using Chirp.Server.Auth;
using Chirp.Server.Limits;
using Chirp.Server.Media;

namespace Chirp.Server.Api;

/// <summary>Statuses: post, read, edit, delete, context, replies, history, source, favourite and reblog.</summary>
public static class StatusEndpoints
{
    /// <summary>The most versions one <c>/history</c> response holds; older ones are on the next page (Link header).</summary>
    public const int MaxHistoryVersions = 40;

    public static void Map(WebApplication app)
    {
        string write = ScopePolicies.User("write:statuses");
        app.MapPost("/api/v1/statuses", CreateAsync).RequireAuthorization(write);
        app.MapGet("/api/v1/statuses/{id}", Get);
        app.MapPut("/api/v1/statuses/{id}", EditAsync).RequireAuthorization(write).LimitedPerUser(limits => limits.Edits);
        app.MapDelete("/api/v1/statuses/{id}", DeleteAsync).RequireAuthorization(write);
        app.MapGet("/api/v1/statuses/{id}/context", (HttpContext c, EngineHost h, string id) => StatusContext.Read(c, h, Ids.Parse(id)));
        app.MapGet("/api/v1/statuses/{id}/replies", Replies);
        app.MapGet("/api/v1/statuses/{id}/history", History);
        app.MapGet("/api/v1/statuses/{id}/source", Source).RequireAuthorization(ScopePolicies.User("read:statuses"));
        string favourites = ScopePolicies.User("write:favourites");
        app.MapPost("/api/v1/statuses/{id}/favourite", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t, r) => e.LikeAsync(u, t, r))).RequireAuthorization(favourites).LimitedPerUser(limits => limits.Favourites);
        app.MapPost("/api/v1/statuses/{id}/unfavourite", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t, r) => e.UnlikeAsync(u, t, r))).RequireAuthorization(favourites).LimitedPerUser(limits => limits.Favourites);
        app.MapPost("/api/v1/statuses/{id}/reblog", ReblogAsync).RequireAuthorization(write).LimitedPerUser(limits => limits.Reblogs);
        app.MapPost("/api/v1/statuses/{id}/unreblog", (HttpContext c, EngineHost h, string id) => EngageAsync(c, h, id, (e, u, t, r) => e.UndoRetweetAsync(u, t, r))).RequireAuthorization(write).LimitedPerUser(limits => limits.Reblogs);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, EngineHost host)
    {
        long userId = context.User.UserId()!.Value;
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        string text = parameters.Get("status") ?? "";
        var mediaIds = MediaIds(parameters);
        if (TweetText.IsBlank(text) && mediaIds.Count == 0)
        {
            throw ApiException.Validation("status", "ERR_BLANK", "Text can't be blank");
        }

        string? parent = parameters.Get("in_reply_to_id");
        Guid requestId = IdempotencyKeys.ForNewStatus(context, userId);
        var limits = context.RequestServices.GetRequiredService<RateLimits>();
        limits.RequirePost(context, userId, isReply: !string.IsNullOrEmpty(parent), requestId);
        var media = context.RequestServices.GetRequiredService<MediaStore>();
        var attachments = MediaEndpoints.ParseIds(mediaIds);
        var engine = host.Engine;
        // Claimed before the status is written, so of two posts naming the same media one fails here and writes nothing.
        using var claim = MediaEndpoints.ClaimForStatus(media, attachments, userId, requestId, statusId: null);
        Guid writeId = requestId == Guid.Empty ? Guid.CreateVersion7() : requestId;
        var tweet = string.IsNullOrEmpty(parent)
            ? await engine.CreateTweetAsync(userId, text, attachments, writeId, context.RequestAborted).ConfigureAwait(false)
            : await engine.CreateReplyAsync(userId, Ids.Parse(parent), text, attachments, writeId, context.RequestAborted).ConfigureAwait(false);
        try
        {
            claim.Confirm(tweet.Id);
        }
        catch (MediaException e)
        {
            // Only a retry whose Idempotency-Key the engine no longer remembers gets here: its media went to the first
            // post, and this new status must not list them.
            await engine.DeleteTweetAsync(userId, tweet.Id, Guid.CreateVersion7(), CancellationToken.None).ConfigureAwait(false);
            throw ApiException.Validation("media_ids", "ERR_INVALID", e.Message);
        }

        limits.SpendPost(context, userId, isReply: !string.IsNullOrEmpty(parent), requestId);
        StatusLog.Posted(StatusLog.For(context), tweet.Id, userId, attachments.Count);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(engine, tweet.Id, userId)));
    }

    private static IResult Get(HttpContext context, EngineHost host, string id) =>
        MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, Ids.Parse(id), context.User.UserId())));

    private static async Task<IResult> EditAsync(HttpContext context, EngineHost host, string id)
    {
        long userId = context.User.UserId()!.Value;
        long tweetId = Ids.Parse(id);
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        string text = parameters.Get("status") ?? "";
        var engine = host.Engine;
        Guid requestId = IdempotencyKeys.ForWrite(context, $"{userId}");
        bool replacesMedia = parameters.Has("media_ids");
        int mediaAfterEdit = replacesMedia ? MediaIds(parameters).Count : engine.GetTweet(tweetId)?.MediaIds.Count ?? 0;
        if (TweetText.IsBlank(text) && mediaAfterEdit == 0)
        {
            throw ApiException.Validation("status", "ERR_BLANK", "Text can't be blank");
        }

        int mediaDeleted = 0;
        if (!replacesMedia)
        {
            // Mastodon's documentation makes media_ids optional on an edit without saying what leaving it out does;
            // keeping the media is what a client that edits only the text expects.
            await engine.EditTweetAsync(userId, tweetId, text, null, requestId, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            var before = StatusLoader.Require(engine, tweetId, userId).Tweet;
            if (before.AuthorId != userId)
            {
                throw ApiException.Forbidden();
            }

            var attachments = MediaEndpoints.ParseIds(MediaIds(parameters));
            var media = context.RequestServices.GetRequiredService<MediaStore>();
            using var claim = MediaEndpoints.ClaimForStatus(media, attachments, userId, Guid.Empty, statusId: tweetId);
            await engine.EditTweetAsync(userId, tweetId, text, attachments, requestId, context.RequestAborted).ConfigureAwait(false);
            try
            {
                claim.Confirm(tweetId);
            }
            catch (MediaException e)
            {
                // A concurrent edit of the same status deleted a media this one keeps; the status no longer shows it.
                throw ApiException.Validation("media_ids", "ERR_INVALID", e.Message);
            }

            mediaDeleted = DeleteMedia(context, tweetId, before.MediaIds.Except(attachments));
        }

        var edited = StatusLoader.Require(engine, tweetId, userId);
        StatusLog.Edited(StatusLog.For(context), tweetId, userId, edited.Tweet.MediaIds.Count, mediaDeleted);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(edited));
    }

    /// <summary>
    /// Deletes a status and answers it with its source text. A status that is gone is a 404, as in Mastodon, except for
    /// a repeat of the delete that removed it with the same Idempotency-Key: that gets the first answer, as far as the
    /// deletion kept it (the text and media were erased).
    /// </summary>
    private static async Task<IResult> DeleteAsync(HttpContext context, EngineHost host, string id)
    {
        long userId = context.User.UserId()!.Value;
        long statusId = Ids.Parse(id);
        Guid requestId = IdempotencyKeys.ForWrite(context, $"{userId}");
        var item = StatusLoader.Load(host.Engine, statusId, userId);
        if (item is null)
        {
            bool deletedByThisKey = IdempotencyKeys.WasSent(context)
                && await host.Engine.DeleteTweetAsync(userId, statusId, requestId, context.RequestAborted).ConfigureAwait(false);
            return deletedByThisKey ? MastodonResults.Json(Mappers.For(context, host).ToDeletedStatus(Erased(host.Engine, statusId, userId))) : throw ApiException.NotFound();
        }

        if (item.Tweet.AuthorId != userId)
        {
            throw ApiException.Forbidden();
        }

        await host.Engine.DeleteTweetAsync(userId, item.Tweet.Id, requestId, context.RequestAborted).ConfigureAwait(false);
        int mediaDeleted = DeleteMedia(context, item.Tweet.Id, item.Tweet.MediaIds);
        StatusLog.Deleted(StatusLog.For(context), item.Tweet.Id, userId, item.Tweet.MediaIds.Count, mediaDeleted);
        return MastodonResults.Json(Mappers.For(context, host).ToDeletedStatus(item));
    }

    /// <summary>What is left to show of a status its author deleted: who wrote it, and when.</summary>
    private static TimelineItem Erased(ChirpEngine engine, long statusId, long authorId)
    {
        var author = engine.GetAccount(authorId) ?? throw ApiException.NotFound();
        var tweet = new Tweet(statusId, authorId, "", SnowflakeId.TimeOf(statusId), null, null, null, null, [], [], [], 0, 0, 0, 0);
        return new TimelineItem(tweet, author, null, null, false, false);
    }

    /// <summary>
    /// Deletes the media a status no longer shows (those attached to it: a retweet entry's are its original's and stay).
    /// The status change is written already, so a failure here is logged, not answered.
    /// </summary>
    private static int DeleteMedia(HttpContext context, long statusId, IEnumerable<long> mediaIds)
    {
        try
        {
            return context.RequestServices.GetRequiredService<MediaStore>().DeleteAttached(statusId, mediaIds);
        }
        catch (IOException e)
        {
            StatusLog.MediaNotDeleted(StatusLog.For(context), e, statusId);
            return 0;
        }
    }

    /// <summary>
    /// A Chirp extension: a status's direct replies, newest first, paged like a timeline (max_id, since_id, min_id,
    /// limit, Link header), so every reply of a thread is reachable when the context is cut short.
    /// </summary>
    private static IResult Replies(HttpContext context, EngineHost host, string id)
    {
        long? reader = context.User.UserId();
        var parent = StatusLoader.Require(host.Engine, Ids.Parse(id), reader);
        var page = host.Engine.GetRecentReplies(parent.Tweet.Id, Paging.Read(context.Request));
        Paging.SetLink(context, page.PrevMinId, page.NextMaxId, page.NextMaxId is not null);
        var items = page.Items.Select(t => StatusLoader.Load(host.Engine, t.Id, reader)).OfType<TimelineItem>();
        var mapper = Mappers.For(context, host);
        return MastodonResults.Json(items.Select(mapper.ToStatus).ToList());
    }

    /// <summary>
    /// The status's versions, oldest first, the current one last, as Mastodon; at most
    /// <see cref="MaxHistoryVersions"/> of them, the newest. Versions are numbered from 0 (as first posted); a
    /// Chirp extension, <c>max_version</c>, asks for those below a number, and the Link header's <c>next</c> names the
    /// older part.
    /// </summary>
    private static IResult History(HttpContext context, EngineHost host, string id)
    {
        var item = StatusLoader.Require(host.Engine, Ids.Parse(id), null);
        var tweet = item.Tweet;
        int current = tweet.EditCount;
        string? asked = context.Request.Query["max_version"];
        int below = string.IsNullOrEmpty(asked) ? current + 1
            : int.TryParse(asked, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int parsed) ? Math.Min(parsed, current + 1)
            : throw ApiException.Validation("max_version", "ERR_INVALID", "max_version must be a version number (0 or more)");
        int first = Math.Max(0, below - MaxHistoryVersions);
        var earlier = below > first && first < current
            ? host.Engine.GetEditHistory(tweet.Id, first, Math.Min(below, current) - first)
            : [];
        var versions = Mappers.For(context, host).ToEditHistory(tweet, item.Author, earlier);
        if (below <= current)
        {
            // The current version is shown only on the first page.
            versions = [.. versions.Take(versions.Count - 1)];
        }

        if (first > 0)
        {
            Paging.SetNextLink(context, "max_version", first);
        }

        return MastodonResults.Json(versions);
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
        var retweet = await host.Engine.RetweetAsync(userId, Ids.Parse(id), IdempotencyKeys.ForWrite(context, $"{userId}"), context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, retweet.Id, userId)));
    }

    private static async Task<IResult> EngageAsync(HttpContext context, EngineHost host, string id, Func<ChirpEngine, long, long, Guid, ValueTask<OutboxReceipt>> act)
    {
        long userId = context.User.UserId()!.Value;
        long tweetId = Ids.Parse(id);
        _ = StatusLoader.Require(host.Engine, tweetId, userId);
        var sent = await act(host.Engine, userId, tweetId, IdempotencyKeys.ForWrite(context, $"{userId}")).ConfigureAwait(false);

        // The counts in the answer need this call's message only, not every message still queued.
        await host.Engine.WaitForDeliveryAsync(sent, context.RequestAborted).ConfigureAwait(false);
        return MastodonResults.Json(Mappers.For(context, host).ToStatus(StatusLoader.Require(host.Engine, tweetId, userId)));
    }

    private static List<string> MediaIds(ApiParameters parameters) =>
        [.. parameters.Values("media_ids").Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];
}
