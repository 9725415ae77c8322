using Chirp.Server.Mastodon;

namespace Chirp.Server.Api;

/// <summary>JSON responses with the Mastodon wire conventions (snake_case, nulls written, millisecond UTC times).</summary>
public static class MastodonResults
{
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, MastodonJson.Options, "application/json; charset=utf-8", status);
}
