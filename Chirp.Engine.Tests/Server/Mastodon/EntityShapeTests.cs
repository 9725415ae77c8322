using System.Text.Json;
using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

/// <summary>The raw JSON of each entity: every documented key, nulls written, booleans false, ids as strings.</summary>
public sealed class EntityShapeTests
{
    [Fact]
    public void An_account_has_every_documented_key()
    {
        var json = JsonAssert.Parse(Samples.Mapper().ToAccount(Samples.Alice));

        JsonAssert.HasExactlyKeys(json,
            "id", "username", "acct", "url", "display_name", "note", "avatar", "avatar_static", "header", "header_static",
            "locked", "bot", "group", "discoverable", "created_at", "last_status_at", "statuses_count", "followers_count",
            "following_count", "fields", "emojis", "roles");
        Assert.Equal(JsonValueKind.String, json.GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.False, json.GetProperty("locked").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("fields").ValueKind);
    }

    [Fact]
    public void An_account_writes_times_and_the_last_status_day_in_their_formats()
    {
        string json = JsonAssert.Serialize(Samples.Mapper().ToAccount(Samples.Alice));

        Assert.Contains("\"id\":\"1000001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"created_at\":\"2019-12-05T11:34:47.196Z\"", json, StringComparison.Ordinal);
        // 2020-01-02 23:30 at UTC-5 is the 3rd in UTC.
        Assert.Contains("\"last_status_at\":\"2020-01-03\"", json, StringComparison.Ordinal);
        Assert.Contains("\"statuses_count\":30", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_never_active_has_a_null_last_status_day() =>
        Assert.Contains("\"last_status_at\":null", JsonAssert.Serialize(Samples.Mapper().ToAccount(Samples.Alice with { LastActiveAt = null })), StringComparison.Ordinal);

    [Fact]
    public void A_credential_account_adds_the_source()
    {
        var json = JsonAssert.Parse(Samples.Mapper().ToCredentialAccount(Samples.Alice));

        Assert.Equal(23, json.EnumerateObject().Count());
        var source = json.GetProperty("source");
        JsonAssert.HasExactlyKeys(source, "privacy", "sensitive", "language", "note", "fields");
        Assert.Equal("public", source.GetProperty("privacy").GetString());
        Assert.Equal(JsonValueKind.False, source.GetProperty("sensitive").ValueKind);
        Assert.Equal(JsonValueKind.Null, source.GetProperty("language").ValueKind);
        Assert.Equal(Samples.Alice.Bio, source.GetProperty("note").GetString());
    }

    [Fact]
    public void A_status_has_every_documented_key_with_nulls_and_false_flags()
    {
        var status = Samples.Mapper().ToStatus(Samples.Tweet(42, Samples.Alice.Id, "hello"), Samples.Alice, favourited: false, reblogged: false);
        string raw = JsonAssert.Serialize(status);
        var json = JsonAssert.Parse(status);

        JsonAssert.HasExactlyKeys(json,
            "id", "uri", "url", "created_at", "edited_at", "account", "content", "visibility", "sensitive", "spoiler_text",
            "media_attachments", "mentions", "tags", "emojis", "reblogs_count", "favourites_count", "replies_count",
            "in_reply_to_id", "in_reply_to_account_id", "reblog", "favourited", "reblogged", "bookmarked", "muted", "pinned",
            "application", "poll", "card", "language", "text");
        foreach (string flag in new[] { "favourited", "reblogged", "bookmarked", "muted", "pinned", "sensitive" })
        {
            Assert.Equal(JsonValueKind.False, json.GetProperty(flag).ValueKind);
        }

        foreach (string nullable in new[] { "edited_at", "in_reply_to_id", "in_reply_to_account_id", "reblog", "application", "poll", "card", "language", "text" })
        {
            Assert.Contains($"\"{nullable}\":null", raw, StringComparison.Ordinal);
        }

        Assert.Contains("\"id\":\"42\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"visibility\":\"public\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"spoiler_text\":\"\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"created_at\":\"2019-12-05T11:34:47.196Z\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_has_its_ids_as_strings()
    {
        var reply = Samples.Mapper().ToStatus(Samples.Tweet(43, Samples.Bob.Id, "yes", inReplyToId: 42, inReplyToAuthorId: Samples.Alice.Id), Samples.Bob, false, false);
        string raw = JsonAssert.Serialize(reply);

        Assert.Contains("\"in_reply_to_id\":\"42\"", raw, StringComparison.Ordinal);
        Assert.Contains("\"in_reply_to_account_id\":\"1000001\"", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void A_media_attachment_has_every_documented_key()
    {
        var json = JsonAssert.Parse(Samples.Media(7));

        JsonAssert.HasExactlyKeys(json, "id", "type", "url", "preview_url", "remote_url", "meta", "description", "blurhash");
        Assert.Equal("7", json.GetProperty("id").GetString());
        Assert.Equal("image", json.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("remote_url").ValueKind);
        var original = json.GetProperty("meta").GetProperty("original");
        Assert.Equal(640, original.GetProperty("width").GetInt32());
        Assert.Equal(480, original.GetProperty("height").GetInt32());
        Assert.Equal("640x480", original.GetProperty("size").GetString());
    }

    [Fact]
    public void A_relationship_has_every_documented_key()
    {
        var json = JsonAssert.Parse(EntityMapper.ToRelationship(5, following: true, followedBy: false));

        JsonAssert.HasExactlyKeys(json,
            "id", "following", "showing_reblogs", "notifying", "followed_by", "blocking", "blocked_by", "muting",
            "muting_notifications", "requested", "requested_by", "domain_blocking", "endorsed", "note", "languages");
        Assert.Equal("5", json.GetProperty("id").GetString());
        Assert.True(json.GetProperty("following").GetBoolean());
        Assert.True(json.GetProperty("showing_reblogs").GetBoolean());
        Assert.False(json.GetProperty("followed_by").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("languages").ValueKind);
    }

    [Fact]
    public void Search_results_always_have_all_three_lists()
    {
        var json = JsonAssert.Parse(new SearchResultsEntity());

        JsonAssert.HasExactlyKeys(json, "accounts", "statuses", "hashtags");
        Assert.All(json.EnumerateObject(), p => Assert.Equal(0, p.Value.GetArrayLength()));
    }

    [Fact]
    public void A_context_has_ancestors_and_descendants() =>
        JsonAssert.HasExactlyKeys(JsonAssert.Parse(new ContextEntity { Ancestors = [], Descendants = [] }), "ancestors", "descendants");

    [Fact]
    public void A_tag_has_a_name_a_url_and_a_history()
    {
        var json = JsonAssert.Parse(Samples.Mapper().ToTag("café"));

        JsonAssert.HasExactlyKeys(json, "name", "url", "history");
        Assert.Equal("http://127.0.0.1:5000/tags/caf%C3%A9", json.GetProperty("url").GetString());
    }

    [Fact]
    public void A_token_is_a_bearer_token_created_at_unix_seconds()
    {
        string raw = JsonAssert.Serialize(new TokenEntity { AccessToken = "abc", Scope = "read write", CreatedAt = 1_575_545_687 });

        Assert.Equal("""{"access_token":"abc","token_type":"Bearer","scope":"read write","created_at":1575545687}""", raw);
    }

    [Fact]
    public void An_application_has_every_key_of_the_apps_response()
    {
        var json = JsonAssert.Parse(new ApplicationEntity
        {
            Id = "3",
            Name = "Elk",
            Website = null,
            RedirectUri = "urn:ietf:wg:oauth:2.0:oob",
            ClientId = "id",
            ClientSecret = "secret",
        });

        JsonAssert.HasExactlyKeys(json, "id", "name", "website", "redirect_uri", "client_id", "client_secret", "vapid_key");
        Assert.Equal(JsonValueKind.Null, json.GetProperty("website").ValueKind);
    }

    [Fact]
    public void A_deleted_status_carries_its_text()
    {
        var mapper = Samples.Mapper();
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "bye <b>");
        var json = JsonAssert.Parse(mapper.ToDeletedStatus(new TimelineItem(tweet, Samples.Alice, null, null, false, false)));

        Assert.Equal("bye <b>", json.GetProperty("text").GetString());
        Assert.Equal("<p>bye &lt;b&gt;</p>", json.GetProperty("content").GetString());
    }

    [Fact]
    public void A_status_source_and_an_edit_have_their_documented_keys()
    {
        var mapper = Samples.Mapper();
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "now");

        JsonAssert.HasExactlyKeys(JsonAssert.Parse(EntityMapper.ToSource(tweet)), "id", "text", "spoiler_text");
        JsonAssert.HasExactlyKeys(JsonAssert.Parse(mapper.ToEditHistory(tweet, Samples.Alice, [])[0]),
            "content", "spoiler_text", "sensitive", "created_at", "account", "poll", "media_attachments", "emojis");
    }
}
