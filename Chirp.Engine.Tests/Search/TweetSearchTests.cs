using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Search;

public sealed class TweetSearchTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    private async Task<long[]> FindAsync(string query, SearchSort sort = SearchSort.Recent, int limit = 40)
    {
        await Engine.WaitForSearchAsync();
        return [.. Engine.SearchTweets(query, new SearchRequest { Sort = sort, Limit = limit }).Items.Select(i => i.Tweet.Id)];
    }

    private async Task<long> PostAsync(Account author, string text) => (await Engine.CreateTweetAsync(author.Id, text)).Id;

    [Fact]
    public async Task Every_word_must_match_and_results_come_newest_first()
    {
        var ann = await _temp.UserAsync("ann");
        long both = await PostAsync(ann, "Coffee in the morning");
        long onlyCoffee = await PostAsync(ann, "coffee at night");
        long bothLater = await PostAsync(ann, "MORNING coffee, again");

        Assert.Equal([bothLater, both], await FindAsync("coffee morning"));
        Assert.Equal([bothLater, onlyCoffee, both], await FindAsync("Coffee"));
        Assert.Empty(await FindAsync("tea"));
    }

    [Fact]
    public async Task Words_fold_case_and_accents_and_keep_urls_and_emoji()
    {
        var ann = await _temp.UserAsync("ann");
        long cafe = await PostAsync(ann, "Un café à Paris");
        long url = await PostAsync(ann, "read https://example.com/post now");
        long fire = await PostAsync(ann, "this is 🔥🔥");

        Assert.Equal([cafe], await FindAsync("CAFE paris"));
        Assert.Equal([url], await FindAsync("https://example.com/post"));
        Assert.Empty(await FindAsync("example"));
        Assert.Equal([fire], await FindAsync("🔥"));
    }

    [Fact]
    public async Task A_hashtag_and_the_plain_word_do_not_match_each_other()
    {
        var ann = await _temp.UserAsync("ann");
        long tagged = await PostAsync(ann, "loving #Tech today");
        long plain = await PostAsync(ann, "loving tech today");

        Assert.Equal([tagged], await FindAsync("#tech"));
        Assert.Equal([tagged], await FindAsync("#TECH loving"));
        Assert.Equal([plain], await FindAsync("tech"));
    }

    [Fact]
    public async Task A_mention_and_the_plain_word_do_not_match_each_other_and_from_finds_the_author()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        long mention = await PostAsync(ann, "hi @Bob!");
        long word = await PostAsync(ann, "bob is a name");
        long byBob = await PostAsync(bob, "hello from me");

        Assert.Equal([mention], await FindAsync("@bob"));
        Assert.Equal([word], await FindAsync("bob"));
        Assert.Equal([byBob], await FindAsync("from:bob"));
        Assert.Equal([byBob], await FindAsync("from:@BOB hello"));
        Assert.Empty(await FindAsync("from:nobody"));
    }

    [Fact]
    public async Task Phrases_need_the_words_in_order_and_next_to_each_other()
    {
        var ann = await _temp.UserAsync("ann");
        long exact = await PostAsync(ann, "good morning world");
        await PostAsync(ann, "morning good");
        await PostAsync(ann, "good sunny morning");
        await PostAsync(ann, "good #sunny morning");

        Assert.Equal([exact], await FindAsync("\"good morning\""));
        Assert.Equal([exact], await FindAsync("\"Good Morning\" world"));
    }

    [Fact]
    public async Task A_phrase_does_not_run_across_a_hashtag_unless_it_names_it()
    {
        var ann = await _temp.UserAsync("ann");
        long tagged = await PostAsync(ann, "good #sunny morning");

        Assert.Empty(await FindAsync("\"good morning\""));
        Assert.Equal([tagged], await FindAsync("\"good #sunny morning\""));
    }

    [Fact]
    public async Task A_minus_excludes_words_phrases_hashtags_mentions_and_authors()
    {
        var ann = await _temp.UserAsync("ann");
        var bot = await _temp.UserAsync("bot");
        long keep = await PostAsync(ann, "news today");
        await PostAsync(ann, "news today spoilers");
        await PostAsync(ann, "news today #nsfw");
        await PostAsync(ann, "news today @bot");
        await PostAsync(ann, "news today, spoiler alert");
        await PostAsync(bot, "news today");

        Assert.Equal([keep], await FindAsync("news -spoilers -#nsfw -@bot -\"spoiler alert\" -from:bot"));
    }

    [Fact]
    public async Task Since_and_until_bound_the_creation_day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var temp = new TempEngine(shards: 2, o => o with { Clock = clock });
        var ann = await temp.UserAsync("ann");
        long first = (await temp.Engine.CreateTweetAsync(ann.Id, "daily note")).Id;
        clock.Now += TimeSpan.FromDays(1);
        long second = (await temp.Engine.CreateTweetAsync(ann.Id, "daily note")).Id;
        clock.Now += TimeSpan.FromDays(1);
        long third = (await temp.Engine.CreateTweetAsync(ann.Id, "daily note")).Id;
        await temp.Engine.WaitForSearchAsync();

        long[] Find(string q) => [.. temp.Engine.SearchTweets(q).Items.Select(i => i.Tweet.Id)];
        Assert.Equal([third, second], Find("daily since:2026-03-02"));
        Assert.Equal([first], Find("daily until:2026-03-02"));
        Assert.Equal([second], Find("daily since:2026-03-02 until:2026-03-03"));
        Assert.Equal([third, second, first], Find("since:2026-03-01T00:00:00Z"));
    }

    [Fact]
    public async Task Replies_are_found_and_filters_select_replies_and_retweets()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        long post = await PostAsync(ann, "topic one");
        long reply = (await Engine.CreateReplyAsync(bob.Id, post, "topic reply")).Id;
        long retweet = (await Engine.RetweetAsync(bob.Id, post)).Id;

        Assert.Equal([reply, post], await FindAsync("topic"));
        Assert.Equal([reply], await FindAsync("topic filter:replies"));
        Assert.Equal([post], await FindAsync("topic -filter:replies"));
        Assert.Equal([reply], await FindAsync("from:bob"));
        Assert.Equal([retweet], await FindAsync("from:bob filter:retweets"));
        Assert.Equal([retweet, reply], await FindAsync("from:bob include:retweets"));

        var shown = Engine.SearchTweets("from:bob filter:retweets").Items.Single();
        Assert.Equal(post, shown.Original!.Id);
        Assert.Equal("ann", shown.OriginalAuthor!.Username);
    }

    [Fact]
    public async Task Edits_replace_the_document_and_deletes_remove_it()
    {
        var ann = await _temp.UserAsync("ann");
        long edited = await PostAsync(ann, "first draft");
        long deleted = await PostAsync(ann, "draft to delete");
        await Engine.EditTweetAsync(ann.Id, edited, "final version #done");
        await Engine.DeleteTweetAsync(ann.Id, deleted);

        Assert.Empty(await FindAsync("draft"));
        Assert.Equal([edited], await FindAsync("final #done"));
    }

    [Fact]
    public async Task An_undone_retweet_and_a_retweet_of_a_deleted_tweet_are_not_found()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        long one = await PostAsync(ann, "one");
        long two = await PostAsync(ann, "two");
        await Engine.RetweetAsync(bob.Id, one);
        await Engine.RetweetAsync(bob.Id, two);
        await Engine.UndoRetweetAsync(bob.Id, one);
        await Engine.DeleteTweetAsync(ann.Id, two);

        Assert.Empty(await FindAsync("from:bob filter:retweets"));
    }

    [Fact]
    public async Task A_deleted_tweet_is_never_returned_even_before_the_index_catches_up()
    {
        var ann = await _temp.UserAsync("ann");
        long deleted = await PostAsync(ann, "secret plans");
        long kept = await PostAsync(ann, "secret recipe");
        await Engine.WaitForSearchAsync();

        // The index may still hold it right after the delete returns; the results are read from the logs.
        await Engine.DeleteTweetAsync(ann.Id, deleted);
        Assert.Equal([kept], Engine.SearchTweets("secret").Items.Select(i => i.Tweet.Id));
    }

    [Fact]
    public async Task Relevance_puts_denser_matches_first_and_recency_breaks_ties()
    {
        var ann = await _temp.UserAsync("ann");
        long sparse = await PostAsync(ann, "rust is a language with many many other words in it");
        long dense = await PostAsync(ann, "rust rust rust");
        long tieOld = await PostAsync(ann, "rust and go");
        long tieNew = await PostAsync(ann, "rust and go");

        Assert.Equal([dense, tieNew, tieOld, sparse], await FindAsync("rust", SearchSort.Relevance));
        Assert.Equal([tieNew, tieOld, dense, sparse], await FindAsync("rust"));
    }

    [Fact]
    public async Task Results_carry_the_readers_like_and_retweet_flags()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        long liked = await PostAsync(ann, "flagged liked");
        long retweeted = await PostAsync(ann, "flagged retweeted");
        await Engine.LikeAsync(bob.Id, liked);
        await Engine.RetweetAsync(bob.Id, retweeted);
        await Engine.WaitForSearchAsync();

        var items = Engine.SearchTweets("flagged", new SearchRequest { ReaderId = bob.Id }).Items.ToDictionary(i => i.Tweet.Id);
        Assert.True(items[liked].LikedByReader);
        Assert.False(items[liked].RetweetedByReader);
        Assert.True(items[retweeted].RetweetedByReader);
        Assert.All(Engine.SearchTweets("flagged").Items, i => Assert.False(i.LikedByReader || i.RetweetedByReader));
    }

    [Theory]
    [InlineData(SearchSort.Recent)]
    [InlineData(SearchSort.Relevance)]
    public async Task Paging_neither_skips_nor_repeats_while_tweets_are_indexed(SearchSort sort)
    {
        var authors = new List<Account>();
        for (int i = 0; i < 5; i++)
        {
            authors.Add(await _temp.UserAsync($"user{i}"));
        }

        var before = new HashSet<long>();
        for (int i = 0; i < 60; i++)
        {
            string text = string.Join(' ', Enumerable.Repeat("paging", 1 + (i % 4))) + $" filler{i % 7}";
            before.Add(await PostAsync(authors[i % authors.Count], text));
        }

        await Engine.WaitForSearchAsync();
        var walked = new List<long>();
        var page = Engine.SearchTweets("paging", new SearchRequest { Sort = sort, Limit = 7 });
        int round = 0;
        while (true)
        {
            walked.AddRange(page.Items.Select(i => i.Tweet.Id));

            // New matching tweets land between pages. They sort before the cursor (newest; and a one-word text scores
            // highest), so they never show on later pages.
            await PostAsync(authors[round++ % authors.Count], "paging");
            await Engine.WaitForSearchAsync();
            if (page.NextCursor is null)
            {
                break;
            }

            page = Engine.SearchTweets("paging", new SearchRequest { Sort = sort, Limit = 7, Cursor = page.NextCursor });
        }

        Assert.Equal(walked.Count, walked.Distinct().Count());
        Assert.Equal(before.Order(), walked.Order());
    }

    [Fact]
    public async Task A_recency_cursor_is_a_tweet_id_like_max_id()
    {
        var ann = await _temp.UserAsync("ann");
        var ids = new List<long>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add(await PostAsync(ann, "cursor test"));
        }

        await Engine.WaitForSearchAsync();
        var page = Engine.SearchTweets("cursor", new SearchRequest { Cursor = ids[3].ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal([ids[2], ids[1], ids[0]], page.Items.Select(i => i.Tweet.Id));
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("   ", "q")]
    [InlineData("\"unclosed phrase", "q")]
    [InlineData("-only -exclusions", "q")]
    [InlineData("since:yesterday", "q")]
    [InlineData("since:2026-02-30", "q")]
    [InlineData("until:2026-01-01 since:2026-02-01", "q")]
    [InlineData("-since:2026-01-01 word", "q")]
    [InlineData("from:no-such-name!", "q")]
    [InlineData("filter:images", "q")]
    [InlineData("include:replies word", "q")]
    [InlineData("\"\"", "q")]
    [InlineData("\"!!!\"", "q")]
    public void Malformed_queries_are_validation_errors_on_q(string query, string field)
    {
        var error = Assert.Throws<ChirpException>(() => Engine.SearchTweets(query));
        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Overlong_and_overfull_queries_are_validation_errors()
    {
        Assert.Equal("q", Assert.Throws<ChirpException>(() => Engine.SearchTweets(new string('a', ChirpEngine.MaxSearchQueryLength + 1))).Field);
        Assert.Equal("q", Assert.Throws<ChirpException>(() => Engine.SearchTweets(string.Join(' ', Enumerable.Range(0, 33).Select(i => $"w{i}")))).Field);
        Assert.Equal("q", Assert.Throws<ChirpException>(() => Engine.SearchTweets("bad \ud800 surrogate")).Field);
    }

    [Theory]
    [InlineData(SearchSort.Recent, "r3f800000.5")]
    [InlineData(SearchSort.Recent, "-5")]
    [InlineData(SearchSort.Relevance, "12345")]
    [InlineData(SearchSort.Relevance, "rzz.5")]
    [InlineData(SearchSort.Relevance, "r7fc00000.5")]
    public void Malformed_cursors_are_validation_errors_on_cursor(SearchSort sort, string cursor)
    {
        var error = Assert.Throws<ChirpException>(() => Engine.SearchTweets("word", new SearchRequest { Sort = sort, Cursor = cursor }));
        Assert.Equal("cursor", error.Field);
    }

    [Fact]
    public void Limits_outside_one_to_forty_and_unknown_readers_are_refused()
    {
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => new SearchRequest { Limit = 41 }).Field);
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => new SearchRequest { Limit = 0 }).Field);
        Assert.Equal(ChirpErrorCode.NotFound, Assert.Throws<ChirpException>(() => Engine.SearchTweets("word", new SearchRequest { ReaderId = 12345 })).ErrorCode);
    }

    [Fact]
    public async Task Operator_lookalikes_and_punctuation_are_plain_words()
    {
        var ann = await _temp.UserAsync("ann");
        long time = await PostAsync(ann, "meeting at time:noon (#planning)");

        Assert.Equal([time], await FindAsync("time:noon"));
        Assert.Equal([time], await FindAsync("(#planning)"));
        Assert.Empty(await FindAsync("planning"));
    }

    public void Dispose() => _temp.Dispose();
}
