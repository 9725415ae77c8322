namespace Chirp.Server.Api;

/// <summary>
/// Structured events of statuses, at Information under the category <see cref="Category"/>: ids and counts, never the
/// text, so the log holds no user content.
/// </summary>
internal static partial class StatusLog
{
    public const string Category = "Chirp.Server.Statuses";

    public static ILogger For(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Status {StatusId} posted by {AuthorId} with {MediaCount} media")]
    public static partial void Posted(ILogger logger, long statusId, long authorId, int mediaCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Status {StatusId} edited by {AuthorId}; it has {MediaCount} media, {MediaDeleted} removed")]
    public static partial void Edited(ILogger logger, long statusId, long authorId, int mediaCount, int mediaDeleted);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Status {StatusId} deleted by {AuthorId} with {MediaCount} media, {MediaDeleted} deleted")]
    public static partial void Deleted(ILogger logger, long statusId, long authorId, int mediaCount, int mediaDeleted);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "The media of status {StatusId} could not be deleted; they stay reachable until deleted by hand")]
    public static partial void MediaNotDeleted(ILogger logger, Exception exception, long statusId);
}
