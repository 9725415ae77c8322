using Chirp.Server.Auth;
using Chirp.Server.Limits;
using Chirp.Server.Mastodon;
using Chirp.Server.Media;
using Chirp.Server.Operations;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Chirp.Server.Api;

/// <summary>
/// Media: upload (v1 and v2, processed at once, so both answer 200 with the URL), read and describe an upload, and
/// serve content at a content-addressed URL with a strong ETag, an immutable, year-long cache lifetime and a sandboxing
/// Content-Security-Policy.
/// </summary>
public static class MediaEndpoints
{
    public static void Map(WebApplication app)
    {
        string write = ScopePolicies.User("write:media");
        app.MapPost("/api/v2/media", UploadAsync).RequireAuthorization(write).DisableAntiforgery().WithMetadata(Input.RequestBodyLimit.ForMediaUpload(app));
        app.MapPost("/api/v1/media", UploadAsync).RequireAuthorization(write).DisableAntiforgery().WithMetadata(Input.RequestBodyLimit.ForMediaUpload(app));
        app.MapGet("/api/v1/media/{id}", Get).RequireAuthorization(write);
        app.MapPut("/api/v1/media/{id}", DescribeAsync).RequireAuthorization(write);
        app.MapGet(MediaPaths.Prefix + "{file}", ServeAsync);
    }

    /// <summary>The attachment entity of a media id, for statuses; null when it is gone.</summary>
    public static MediaAttachmentEntity? Entity(MediaStore store, MastodonUrls urls, long id) =>
        store.Get(id) is { } record ? Entity(record, urls) : null;

    /// <summary>The media ids of a status, parsed; one that is not an id is a 422 on <c>media_ids</c>.</summary>
    public static List<long> ParseIds(IEnumerable<string> ids)
    {
        var parsed = new List<long>();
        foreach (string id in ids)
        {
            parsed.Add(MastodonId.TryParse(id, out long mediaId)
                ? mediaId
                : throw ApiException.Validation("media_ids", "ERR_INVALID", $"Media {id} cannot be attached"));
        }

        return parsed;
    }

    /// <summary>
    /// Claims media for a status about to be written (<see cref="MediaStore.Claim"/>); a refusal is a 422 on
    /// <c>media_ids</c> that does not tell another user's media from none.
    /// </summary>
    public static MediaClaim ClaimForStatus(MediaStore store, IReadOnlyCollection<long> ids, long ownerId, Guid requestId, long? statusId)
    {
        try
        {
            return store.Claim(ids, ownerId, requestId, statusId);
        }
        catch (MediaException e)
        {
            throw ApiException.Validation(
                "media_ids", "ERR_INVALID", e.ErrorCode == MediaErrorCode.AlreadyAttached ? e.Message : "A media id names no media of yours");
        }
    }

    /// <summary>
    /// Reads the multipart body section by section, so that a <c>file</c> part without a file name (which ASP.NET's form
    /// reader would take for a text field) is still the file, and the upload streams into the store.
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpContext context, MediaStore store)
    {
        long userId = context.User.UserId()!.Value;
        var limits = context.RequestServices.GetRequiredService<RateLimits>();
        limits.RequireUpload(context, userId);
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.Missing("file");
        }

        var reader = new MultipartReader(boundary, request.Body);
        string? description = null;
        MediaRecord? record = null;
        try
        {
            while (await reader.ReadNextSectionAsync(context.RequestAborted).ConfigureAwait(false) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                string name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name == "file" && record is null)
                {
                    var body = section.Body;
                    record = await Media(() => store.UploadAsync(userId, body, null, context.RequestAborted)).ConfigureAwait(false);
                }
                else if (name == "description")
                {
                    using var text = new StreamReader(section.Body);
                    description = await text.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
        // A failing media bucket is an IOException too, but not the client's: ApiErrors answers it with 503.
        catch (Exception ex) when (ex is InvalidDataException or (IOException and not BadHttpRequestException and not MediaStorageException) && !context.RequestAborted.IsCancellationRequested && !DiskFull.IsCause(ex))
        {
            throw ApiException.BadRequest("The multipart body could not be read.");
        }

        if (record is null)
        {
            throw ApiException.Missing("file");
        }

        limits.SpendUpload(context, userId, record.ByteSize);
        if (!string.IsNullOrWhiteSpace(description))
        {
            long id = record.Id;
            record = await Media(() => Task.FromResult(store.UpdateDescription(id, userId, description))).ConfigureAwait(false);
        }

        return MastodonResults.Json(Entity(record, RequestOrigin.Urls(context)));
    }

    private static IResult Get(HttpContext context, MediaStore store, string id)
    {
        var record = store.Get(Ids.Parse(id));
        return record is not null && record.OwnerId == context.User.UserId()
            ? MastodonResults.Json(Entity(record, RequestOrigin.Urls(context)))
            : throw ApiException.NotFound();
    }

    private static async Task<IResult> DescribeAsync(HttpContext context, MediaStore store, string id)
    {
        long userId = context.User.UserId()!.Value;
        var parameters = await ApiParameters.ReadAsync(context.Request).ConfigureAwait(false);
        var record = await Media(() => Task.FromResult(store.UpdateDescription(Ids.Parse(id), userId, parameters.Get("description")))).ConfigureAwait(false);
        return MastodonResults.Json(Entity(record, RequestOrigin.Urls(context)));
    }

    private static async Task<IResult> ServeAsync(HttpContext context, MediaStore store, string file)
    {
        if (!MediaPaths.TryParseFileName(file, out string hash, out string extension)
            || await store.OpenContentAsync(hash, context.RequestAborted).ConfigureAwait(false) is not { } content)
        {
            throw ApiException.NotFound();
        }

        if (ImageFormats.ExtensionOf(ImageFormats.FromMimeType(content.MimeType)) != extension)
        {
            content.Dispose();
            throw ApiException.NotFound();
        }

        context.Response.Headers.CacheControl = MediaCaching.CacheControl;
        context.Response.Headers.ContentSecurityPolicy = SecurityHeaders.MediaPolicy;
        // Shown inline under its own harmless name, whatever a link around it suggests.
        context.Response.Headers.ContentDisposition = $"inline; filename=\"{hash}.{extension}\"";
        return Results.File(content.Stream, content.MimeType, entityTag: MediaCaching.EntityTagOf(hash), enableRangeProcessing: true);
    }

    private static async Task<MediaRecord> Media(Func<Task<MediaRecord>> act)
    {
        try
        {
            return await act().ConfigureAwait(false);
        }
        catch (MediaException e) when (e.HttpStatusCode == StatusCodes.Status404NotFound || e.HttpStatusCode == StatusCodes.Status403Forbidden)
        {
            throw ApiException.NotFound();
        }
        catch (MediaException e)
        {
            throw e.HttpStatusCode == StatusCodes.Status422UnprocessableEntity
                ? ApiException.Validation(e.Field ?? "file", "ERR_INVALID", e.Message)
                : new ApiException(e.HttpStatusCode, e.Message);
        }
    }

    private static MediaAttachmentEntity Entity(MediaRecord record, MastodonUrls urls)
    {
        string url = urls.BaseUrl + MediaPaths.UrlPathOf(record);
        return new MediaAttachmentEntity
        {
            Id = MastodonId.Format(record.Id),
            Type = MediaType.Image,
            Url = url,
            PreviewUrl = url,
            Meta = new MediaMetaEntity { Original = MediaSizeEntity.Of(record.Width, record.Height) },
            Description = record.Description,
            Blurhash = null,
        };
    }
}
