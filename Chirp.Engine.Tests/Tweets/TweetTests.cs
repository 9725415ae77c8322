using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Tweets;

public sealed class TweetTests : IDisposable
{
    private readonly TempEngine _temp = new();

    private ChirpEngine Engine => _temp.Engine;

    [Fact]
    public async Task Created_tweet_is_returned_and_readable_with_entities()
    {
        var ann = await _temp.UserAsync("ann");

        var tweet = await Engine.CreateTweetAsync(ann.Id, "Hello #World and @Bob, see #world again");

        Assert.Equal(ann.Id, tweet.AuthorId);
        Assert.Equal(["world"], tweet.Hashtags);
        Assert.Equal(["bob"], tweet.Mentions);
        var read = Engine.GetTweet(tweet.Id)!;
        Assert.Equal((tweet.Id, tweet.Text, tweet.CreatedAt), (read.Id, read.Text, read.CreatedAt));
        Assert.Equal(tweet.Hashtags, read.Hashtags);
        Assert.Equal(1, Engine.GetAccount(ann.Id)!.TweetsCount);
    }

    [Fact]
    public async Task Text_of_280_code_points_is_accepted_and_281_refused()
    {
        var ann = await _temp.UserAsync("ann");
        string emoji280 = string.Concat(Enumerable.Repeat("🐦", 280));

        var ok = await Engine.CreateTweetAsync(ann.Id, emoji280);
        Assert.Equal(560, ok.Text.Length);

        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, emoji280 + "x").AsTask());
        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.Equal("text", error.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("nul \0 char")]
    public async Task Empty_or_malformed_text_without_media_is_refused(string text)
    {
        var ann = await _temp.UserAsync("ann");

        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, text).AsTask());

        Assert.Equal("text", error.Field);
        Assert.Empty(Engine.GetUserTweets(ann.Id, PageRequest.First()).Items);
    }

    [Fact]
    public async Task Text_with_a_lone_surrogate_is_refused()
    {
        var ann = await _temp.UserAsync("ann");
        string text = "bad " + (char)0xD800 + " surrogate";

        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, text).AsTask());

        Assert.Equal("text", error.Field);
    }

    [Fact]
    public async Task Empty_text_with_media_is_accepted_but_bad_media_is_refused()
    {
        var ann = await _temp.UserAsync("ann");

        var tweet = await Engine.CreateTweetAsync(ann.Id, "", [11, 12]);
        Assert.Equal([11L, 12L], tweet.MediaIds);

        Assert.Equal("media_ids", (await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, "x", [1, 2, 3, 4, 5]).AsTask())).Field);
        Assert.Equal("media_ids", (await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, "x", [1, 1]).AsTask())).Field);
        Assert.Equal("media_ids", (await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(ann.Id, "x", [-1]).AsTask())).Field);
    }

    [Fact]
    public async Task Tweet_by_unknown_author_is_not_found()
    {
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.CreateTweetAsync(4242, "hi").AsTask());

        Assert.Equal(ChirpErrorCode.NotFound, error.ErrorCode);
    }

    [Fact]
    public async Task Same_request_id_creates_one_tweet()
    {
        var ann = await _temp.UserAsync("ann");
        var requestId = Guid.CreateVersion7();

        var first = await Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);
        var second = await Engine.CreateTweetAsync(ann.Id, "once", requestId: requestId);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(Engine.GetUserTweets(ann.Id, PageRequest.First()).Items);
    }

    [Fact]
    public async Task Get_many_returns_in_input_order_with_nulls_for_missing()
    {
        var ann = await _temp.UserAsync("ann");
        var a = await Engine.CreateTweetAsync(ann.Id, "a");
        var b = await Engine.CreateTweetAsync(ann.Id, "b");

        var tweets = Engine.GetTweets([b.Id, 777, a.Id, -1]);

        Assert.Equal([b.Id, (long?)null, a.Id, null], tweets.Select(t => t?.Id));
    }

    [Fact]
    public async Task Edit_keeps_history_and_only_the_author_may_edit()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "first #one");

        var edited = await Engine.EditTweetAsync(ann.Id, tweet.Id, "second #two");
        await Engine.EditTweetAsync(ann.Id, tweet.Id, "third");

        Assert.Equal(["two"], edited.Hashtags);
        Assert.NotNull(edited.EditedAt);
        Assert.Equal(["first #one", "second #two"], Engine.GetEditHistory(tweet.Id).Select(v => v.Text));
        Assert.Equal(2, Engine.GetTweet(tweet.Id)!.EditCount);
        var error = await Assert.ThrowsAsync<ChirpException>(() => Engine.EditTweetAsync(bob.Id, tweet.Id, "hijack").AsTask());
        Assert.Equal(ChirpErrorCode.Forbidden, error.ErrorCode);
        Assert.Equal("third", Engine.GetTweet(tweet.Id)!.Text);
    }

    [Fact]
    public async Task Deleted_tweet_is_never_served_again_and_only_the_author_may_delete()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var tweet = await Engine.CreateTweetAsync(ann.Id, "to be deleted");
        await Engine.EditTweetAsync(ann.Id, tweet.Id, "edited");

        var forbidden = await Assert.ThrowsAsync<ChirpException>(() => Engine.DeleteTweetAsync(bob.Id, tweet.Id).AsTask());
        Assert.Equal(ChirpErrorCode.Forbidden, forbidden.ErrorCode);
        await Engine.DeleteTweetAsync(ann.Id, tweet.Id);

        Assert.Null(Engine.GetTweet(tweet.Id));
        Assert.Null(Engine.GetTweets([tweet.Id])[0]);
        Assert.Empty(Engine.GetUserTweets(ann.Id, PageRequest.First()).Items);
        Assert.Equal(0, Engine.GetAccount(ann.Id)!.TweetsCount);
        Assert.Equal(ChirpErrorCode.NotFound, Assert.Throws<ChirpException>(() => Engine.GetEditHistory(tweet.Id)).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.EditTweetAsync(ann.Id, tweet.Id, "back").AsTask())).ErrorCode);
        Assert.Equal(ChirpErrorCode.NotFound, (await Assert.ThrowsAsync<ChirpException>(() => Engine.DeleteTweetAsync(bob.Id, tweet.Id).AsTask())).ErrorCode);

        _temp.Reopen();
        Assert.Null(_temp.Engine.GetTweet(tweet.Id));
    }

    [Fact]
    public async Task User_tweets_page_newest_first_with_max_and_since()
    {
        var ann = await _temp.UserAsync("ann");
        var ids = new List<long>();
        for (int i = 0; i < 7; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        var first = Engine.GetUserTweets(ann.Id, PageRequest.First(3));
        var second = Engine.GetUserTweets(ann.Id, PageRequest.Before(first.NextMaxId!.Value, 3));
        var third = Engine.GetUserTweets(ann.Id, PageRequest.Before(second.NextMaxId!.Value, 3));
        var since = Engine.GetUserTweets(ann.Id, new PageRequest { SinceId = ids[4], Limit = 10 });

        Assert.Equal(ids.AsEnumerable().Reverse(), first.Items.Concat(second.Items).Concat(third.Items).Select(t => t.Id));
        Assert.Null(third.NextMaxId);
        Assert.Equal([ids[6], ids[5]], since.Items.Select(t => t.Id));
    }

    [Fact]
    public void Page_limit_out_of_range_is_a_validation_error()
    {
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => PageRequest.First(0)).Field);
        Assert.Equal("limit", Assert.Throws<ChirpException>(() => PageRequest.First(PageRequest.MaxLimit + 1)).Field);
    }

    [Fact]
    public async Task User_timeline_pages_towards_newer_entries_with_min_id_skipping_deleted_ones()
    {
        var ann = await _temp.UserAsync("ann");
        var ids = new List<long>();
        for (int i = 0; i < 8; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(ann.Id, $"tweet {i}")).Id);
        }

        await Engine.DeleteTweetAsync(ann.Id, ids[4]);

        var page = Engine.GetUserTweets(ann.Id, new PageRequest { MinId = ids[1], Limit = 3 });
        Assert.Equal([ids[5], ids[3], ids[2]], page.Items.Select(t => t.Id));
        Assert.Equal(ids[5], page.PrevMinId);
        Assert.Equal(ids[2], page.NextMaxId);

        var bounded = Engine.GetUserTweets(ann.Id, new PageRequest { MinId = ids[5], MaxId = ids[7], Limit = 3 });
        Assert.Equal([ids[6]], bounded.Items.Select(t => t.Id));

        var top = Engine.GetUserTweets(ann.Id, new PageRequest { MinId = ids[7] });
        Assert.Empty(top.Items);
        Assert.Equal(ids[7], top.PrevMinId);
    }

    public void Dispose() => _temp.Dispose();
}
