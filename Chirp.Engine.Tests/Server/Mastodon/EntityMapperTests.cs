using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

public sealed class EntityMapperTests
{
    [Fact]
    public void An_account_points_at_its_profile_and_the_default_images()
    {
        var account = Samples.Mapper().ToAccount(Samples.Alice);

        Assert.Equal("1000001", account.Id);
        Assert.Equal("alice", account.Username);
        Assert.Equal("alice", account.Acct);
        Assert.Equal("http://127.0.0.1:5000/@alice", account.Url);
        Assert.Equal("Alice A.", account.DisplayName);
        Assert.Equal("http://127.0.0.1:5000/avatars/original/missing.png", account.Avatar);
        Assert.Equal(account.Avatar, account.AvatarStatic);
        Assert.Equal("http://127.0.0.1:5000/headers/original/missing.png", account.Header);
        Assert.Equal(account.Header, account.HeaderStatic);
        Assert.Equal((30L, 10L, 20L), (account.StatusesCount, account.FollowersCount, account.FollowingCount));
        Assert.Equal(Samples.Created, account.CreatedAt);
        Assert.Equal(new DateOnly(2020, 1, 3), account.LastStatusAt);
    }

    [Fact]
    public void A_bio_becomes_escaped_html_with_line_breaks_and_links()
    {
        var account = Samples.Mapper().ToAccount(Samples.Alice);

        Assert.Equal(
            "<p>Hi! I &lt;3 <a href=\"http://127.0.0.1:5000/tags/cats\" class=\"mention hashtag\" rel=\"tag\">#<span>cats</span></a> &amp; &quot;dogs&quot;<br />second line</p>",
            account.Note);
    }

    [Fact]
    public void An_empty_bio_is_an_empty_note() =>
        Assert.Equal("", Samples.Mapper().ToAccount(Samples.Bob).Note);

    [Fact]
    public void A_credential_account_keeps_every_account_field_and_the_bio_as_written()
    {
        var mapper = Samples.Mapper();
        var account = mapper.ToAccount(Samples.Alice);
        var credential = mapper.ToCredentialAccount(Samples.Alice);

        var credentialJson = JsonAssert.Parse(credential);
        foreach (var field in JsonAssert.Parse(account).EnumerateObject())
        {
            Assert.Equal(field.Value.GetRawText(), credentialJson.GetProperty(field.Name).GetRawText());
        }

        Assert.Equal(Samples.Alice.Bio, credential.Source.Note);
    }

    [Fact]
    public void A_tweet_maps_to_a_status_with_urls_counts_tags_and_flags()
    {
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "hello #World and #café") with { EditedAt = Samples.Created.AddHours(1) };

        var status = Samples.Mapper().ToStatus(tweet, Samples.Alice, favourited: true, reblogged: false);

        Assert.Equal("42", status.Id);
        Assert.Equal("http://127.0.0.1:5000/@alice/42", status.Uri);
        Assert.Equal(status.Uri, status.Url);
        Assert.Equal(Samples.Created, status.CreatedAt);
        Assert.Equal(Samples.Created.AddHours(1), status.EditedAt);
        Assert.Equal("1000001", status.Account.Id);
        Assert.Equal(StatusVisibility.Public, status.Visibility);
        Assert.Equal((5L, 4L, 3L), (status.ReblogsCount, status.FavouritesCount, status.RepliesCount));
        Assert.Equal(["world", "café"], status.Tags.Select(t => t.Name));
        Assert.Equal("http://127.0.0.1:5000/tags/world", status.Tags[0].Url);
        Assert.True(status.Favourited);
        Assert.False(status.Reblogged);
        Assert.Null(status.Reblog);
        Assert.Null(status.InReplyToId);
        Assert.Null(status.Application);
        Assert.Null(status.Language);
        Assert.Null(status.Text);
    }

    [Fact]
    public void Mentions_list_known_accounts_only_with_their_ids_and_canonical_usernames()
    {
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "@BOB and @nobody and @alice");

        var status = Samples.Mapper().ToStatus(tweet, Samples.Alice, false, false);

        Assert.Equal(2, status.Mentions.Count);
        Assert.Equal(new MentionEntity { Id = "1000002", Username = "Bob", Acct = "Bob", Url = "http://127.0.0.1:5000/@Bob" }, status.Mentions[0]);
        Assert.Equal("1000001", status.Mentions[1].Id);
        Assert.Contains("href=\"http://127.0.0.1:5000/@Bob\"", status.Content, StringComparison.Ordinal);
        Assert.Contains("@nobody", status.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("@nobody</", status.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Mentioned_accounts_are_looked_up_once_per_mapper()
    {
        int lookups = 0;
        var mapper = new EntityMapper(Samples.Urls, name => { lookups++; return name == "bob" ? Samples.Bob : null; }, _ => null);
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "@bob @bob @ghost");

        mapper.ToStatus(tweet, Samples.Alice, false, false);
        mapper.ToStatus(tweet, Samples.Alice, false, false);

        Assert.Equal(2, lookups);
    }

    [Fact]
    public void An_account_is_mapped_once_per_mapper_until_it_changes()
    {
        var mapper = Samples.Mapper();

        Assert.Same(mapper.ToAccount(Samples.Alice), mapper.ToAccount(Samples.Alice with { }));
        Assert.Equal(31L, mapper.ToAccount(Samples.Alice with { TweetsCount = 31 }).StatusesCount);
    }

    [Fact]
    public void Media_come_from_the_lookup_in_order_and_missing_ones_are_left_out()
    {
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "pics", media: [7, 500, 3]);

        var status = Samples.Mapper().ToStatus(tweet, Samples.Alice, false, false);

        Assert.Equal(["7", "3"], status.MediaAttachments.Select(m => m.Id));
    }

    [Fact]
    public void A_reply_names_its_parent_and_the_parents_author()
    {
        var reply = Samples.Tweet(43, Samples.Bob.Id, "@alice yes", inReplyToId: 42, inReplyToAuthorId: Samples.Alice.Id);

        var status = Samples.Mapper().ToStatus(new TimelineItem(reply, Samples.Bob, null, null, false, true));

        Assert.Equal("42", status.InReplyToId);
        Assert.Equal("1000001", status.InReplyToAccountId);
        Assert.True(status.Reblogged);
    }

    [Fact]
    public void A_retweet_is_a_wrapper_whose_reblog_is_the_original_with_the_readers_flags()
    {
        var original = Samples.Tweet(42, Samples.Alice.Id, "original #tag @bob");
        var retweet = Samples.Retweet(50, Samples.Bob.Id, 42);

        var status = Samples.Mapper().ToStatus(new TimelineItem(retweet, Samples.Bob, original, Samples.Alice, LikedByReader: true, RetweetedByReader: true));

        Assert.Equal("50", status.Id);
        Assert.Equal("http://127.0.0.1:5000/@Bob/50", status.Uri);
        Assert.Equal("1000002", status.Account.Id);
        Assert.Equal("", status.Content);
        Assert.Empty(status.Tags);
        Assert.Empty(status.Mentions);
        Assert.False(status.Favourited);
        Assert.False(status.Reblogged);
        Assert.Equal(0L, status.FavouritesCount);
        var reblog = Assert.IsType<StatusEntity>(status.Reblog);
        Assert.Equal("42", reblog.Id);
        Assert.Equal("1000001", reblog.Account.Id);
        Assert.Equal("http://127.0.0.1:5000/@alice/42", reblog.Url);
        Assert.True(reblog.Favourited);
        Assert.True(reblog.Reblogged);
        Assert.Equal(["tag"], reblog.Tags.Select(t => t.Name));
        Assert.Single(reblog.Mentions);
        Assert.Equal(4L, reblog.FavouritesCount);
    }

    [Fact]
    public void A_retweet_without_its_original_is_refused()
    {
        var retweet = Samples.Retweet(50, Samples.Bob.Id, 42);

        Assert.Throws<ArgumentException>(() => Samples.Mapper().ToStatus(new TimelineItem(retweet, Samples.Bob, null, null, false, false)));
        Assert.Throws<ArgumentException>(() => Samples.Mapper().ToStatus(retweet, Samples.Bob, false, false));
    }

    [Fact]
    public void A_deleted_status_has_its_text_and_otherwise_equals_the_status()
    {
        var mapper = Samples.Mapper();
        var item = new TimelineItem(Samples.Tweet(42, Samples.Alice.Id, "gone soon"), Samples.Alice, null, null, false, false);

        var deleted = mapper.ToDeletedStatus(item);

        Assert.Equal("gone soon", deleted.Text);
        Assert.Equal(JsonAssert.Serialize(mapper.ToStatus(item) with { Text = "gone soon" }), JsonAssert.Serialize(deleted));
    }

    [Fact]
    public void Edit_history_lists_every_version_oldest_first_ending_with_the_current_one()
    {
        var edited = Samples.Created.AddMinutes(5);
        var tweet = Samples.Tweet(42, Samples.Alice.Id, "second", media: [2]) with { EditedAt = edited, EditCount = 1 };

        var history = Samples.Mapper().ToEditHistory(tweet, Samples.Alice, [new TweetVersion("first", [1], Samples.Created)]);

        Assert.Equal(["<p>first</p>", "<p>second</p>"], history.Select(h => h.Content));
        Assert.Equal([Samples.Created, edited], history.Select(h => h.CreatedAt));
        Assert.Equal(["1", "2"], history.Select(h => h.MediaAttachments.Single().Id));
        Assert.All(history, h => Assert.Equal("1000001", h.Account.Id));
    }

    [Fact]
    public void An_unedited_tweet_has_one_version_at_its_creation()
    {
        var history = Samples.Mapper().ToEditHistory(Samples.Tweet(42, Samples.Alice.Id, "only"), Samples.Alice, []);

        Assert.Equal(Samples.Created, Assert.Single(history).CreatedAt);
    }

    [Fact]
    public void The_source_is_the_plain_text() =>
        Assert.Equal(new StatusSourceEntity { Id = "42", Text = "a <b> & c" }, EntityMapper.ToSource(Samples.Tweet(42, 1, "a <b> & c")));

    [Fact]
    public void A_context_and_search_results_map_every_entry()
    {
        var mapper = Samples.Mapper();
        var item = new TimelineItem(Samples.Tweet(42, Samples.Alice.Id, "x"), Samples.Alice, null, null, false, false);

        var context = mapper.ToContext([item], [item, item]);
        var results = mapper.ToSearchResults([Samples.Bob], [item], [new HashtagUsage("cats", 12)]);

        Assert.Equal((1, 2), (context.Ancestors.Count, context.Descendants.Count));
        Assert.Equal("1000002", Assert.Single(results.Accounts).Id);
        Assert.Equal("42", Assert.Single(results.Statuses).Id);
        Assert.Equal("http://127.0.0.1:5000/tags/cats", Assert.Single(results.Hashtags).Url);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000", "127.0.0.1:5000")]
    [InlineData("https://chirp.example/", "https://chirp.example", "chirp.example")]
    [InlineData("https://chirp.example:8443/social/", "https://chirp.example:8443/social", "chirp.example:8443")]
    public void Base_urls_lose_their_trailing_slash(string given, string baseUrl, string domain)
    {
        var urls = new MastodonUrls(given);

        Assert.Equal(baseUrl, urls.BaseUrl);
        Assert.Equal(domain, urls.Domain);
        Assert.Equal($"{baseUrl}/@bob/7", urls.Status("bob", 7));
    }

    [Theory]
    [InlineData("ftp://chirp.example")]
    [InlineData("/relative")]
    [InlineData("http://chirp.example/?q=1")]
    public void Base_urls_must_be_absolute_http_without_query(string given) =>
        Assert.Throws<ArgumentException>(() => new MastodonUrls(given));
}
