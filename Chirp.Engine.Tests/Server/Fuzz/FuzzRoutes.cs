namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>Every route in docs/api.md, with the parameters each reads, and paths the server does not have.</summary>
public static class FuzzRoutes
{
    private static readonly string[] NoParameters = [];
    private static readonly string[] OAuthParameters = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];

    public static readonly IReadOnlyList<FuzzRoute> Known =
    [
        new("POST", "/api/v1/apps", ["client_name", "redirect_uris", "scopes", "website"]),
        new("GET", "/oauth/authorize", OAuthParameters),
        new("POST", "/oauth/authorize", [.. OAuthParameters, "username", "password", "deny", "approve"]),
        new("POST", "/oauth/token", ["grant_type", "client_id", "client_secret", "scope", "username", "password", "code", "redirect_uri", "code_verifier"]),
        new("POST", "/oauth/revoke", ["client_id", "client_secret", "token"]),

        new("POST", "/api/v1/accounts", ["username", "email", "password", "agreement", "locale", "display_name", "note", "reason"], RequiresToken: true),
        new("GET", "/api/v1/accounts/verify_credentials", NoParameters, RequiresToken: true),
        new("PATCH", "/api/v1/accounts/update_credentials", ["display_name", "note", "locked", "bot"], RequiresToken: true),
        new("GET", "/api/v1/accounts/{account}", NoParameters),
        new("GET", "/api/v1/accounts/lookup", ["acct"]),
        new("GET", "/api/v1/accounts/{account}/statuses", ["only_media", "exclude_replies", "exclude_reblogs", "pinned", "tagged"], Pages: true),
        new("POST", "/api/v1/accounts/{account}/follow", ["reblogs", "notify"], RequiresToken: true),
        new("POST", "/api/v1/accounts/{account}/unfollow", NoParameters, RequiresToken: true),
        new("GET", "/api/v1/accounts/relationships", ["id", "with_suspended"], RequiresToken: true),
        new("GET", "/api/v1/accounts/{account}/followers", NoParameters, Pages: true),
        new("GET", "/api/v1/accounts/{account}/following", NoParameters, Pages: true),

        new("POST", "/api/v1/statuses", ["status", "in_reply_to_id", "media_ids", "sensitive", "spoiler_text", "visibility", "language", "scheduled_at", "poll"], RequiresToken: true),
        new("GET", "/api/v1/statuses/{status}", NoParameters),
        new("PUT", "/api/v1/statuses/{status}", ["status", "media_ids", "spoiler_text", "sensitive"], RequiresToken: true),
        new("DELETE", "/api/v1/statuses/{status}", NoParameters, RequiresToken: true),
        new("GET", "/api/v1/statuses/{status}/context", NoParameters),
        new("GET", "/api/v1/statuses/{status}/replies", NoParameters, Pages: true),
        new("GET", "/api/v1/statuses/{status}/history", ["max_version"]),
        new("GET", "/api/v1/statuses/{status}/source", NoParameters, RequiresToken: true),
        new("POST", "/api/v1/statuses/{status}/favourite", NoParameters, RequiresToken: true),
        new("POST", "/api/v1/statuses/{status}/unfavourite", NoParameters, RequiresToken: true),
        new("POST", "/api/v1/statuses/{status}/reblog", ["visibility"], RequiresToken: true),
        new("POST", "/api/v1/statuses/{status}/unreblog", NoParameters, RequiresToken: true),
        new("GET", "/api/v1/statuses/{status}/favourited_by", NoParameters, Pages: true),
        new("GET", "/api/v1/statuses/{status}/reblogged_by", NoParameters, Pages: true),

        new("GET", "/api/v1/timelines/home", NoParameters, Pages: true, RequiresToken: true),
        new("GET", "/api/v1/timelines/tag/{hashtag}", ["any", "all", "none", "local", "only_media"], Pages: true),
        new("GET", "/api/v2/search", ["q", "type", "limit", "max_id", "min_id", "offset", "resolve", "following", "account_id", "exclude_unreviewed"]),

        new("POST", "/api/v2/media", ["file", "description", "focus", "thumbnail"], RequiresToken: true),
        new("POST", "/api/v1/media", ["file", "description", "focus"], RequiresToken: true),
        new("GET", "/api/v1/media/{media}", NoParameters, RequiresToken: true),
        new("PUT", "/api/v1/media/{media}", ["description", "focus"], RequiresToken: true),
        new("GET", "/media/{file}", NoParameters),

        new("GET", "/api/v1/instance", NoParameters),
        new("GET", "/api/v2/instance", NoParameters),
        new("GET", "/.well-known/nodeinfo", NoParameters),
        new("GET", "/nodeinfo/2.0", NoParameters),
        new("GET", "/api/v1/notifications", ["types", "exclude_types", "account_id"], Pages: true),
        new("GET", "/api/v1/custom_emojis", NoParameters),
        new("GET", "/api/v1/lists", NoParameters),
        new("GET", "/api/v1/filters", NoParameters),
        new("GET", "/api/v2/filters", NoParameters),
        new("GET", "/api/v1/announcements", ["with_dismissed"]),
        new("GET", "/api/v1/follow_requests", NoParameters, Pages: true),
        new("GET", "/api/v1/markers", ["timeline"]),
        new("GET", "/api/v1/preferences", NoParameters),

        new("GET", "/healthz", NoParameters),
        new("GET", "/readyz", NoParameters),
        new("GET", "/metrics", NoParameters),
    ];

    /// <summary>Routes Chirp does not have, some of them Mastodon's, some near misses of Chirp's own.</summary>
    public static readonly IReadOnlyList<FuzzRoute> Unknown =
    [
        new("GET", "/api/v1/bookmarks", NoParameters, Pages: true),
        new("POST", "/api/v1/statuses/{status}/pin", NoParameters),
        new("POST", "/api/v1/statuses/{status}/bookmark", NoParameters),
        new("GET", "/api/v1/streaming", ["stream"]),
        new("GET", "/api/v1/accounts/{account}/lists", NoParameters),
        new("POST", "/api/v1/accounts/{account}/block", NoParameters),
        new("GET", "/api/v3/statuses/{status}", NoParameters),
        new("GET", "/api/v1/timelines/public", ["local"], Pages: true),
        new("GET", "/api/v1/timelines", NoParameters),
        new("GET", "/api/v1/statuses", NoParameters),
        new("GET", "/api/v1", NoParameters),
        new("GET", "/api", NoParameters),
        new("GET", "/api/", NoParameters),
        new("GET", "/oauth", NoParameters),
        new("POST", "/oauth/introspect", ["token"]),
        new("GET", "/", NoParameters),
        new("GET", "/favicon.ico", NoParameters),
        new("GET", "/media", NoParameters),
        new("GET", "/media/{file}/{file}", NoParameters),
        new("GET", "/api/v1/statuses/{status}/context/{status}", NoParameters),
        new("GET", "/API/V1/INSTANCE", NoParameters),
        new("GET", "/{hashtag}", NoParameters),
        new("GET", "/api/{hashtag}", NoParameters),
        new("GET", "/oauth/{hashtag}", NoParameters),
    ];
}
