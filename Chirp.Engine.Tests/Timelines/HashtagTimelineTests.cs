using Chirp.Engine.Tests.Support;

namespace Chirp.Engine.Tests.Timelines;

public sealed class HashtagTimelineTests : IDisposable
{
    private readonly TempEngine _temp = new(shards: 4);

    private ChirpEngine Engine => _temp.Engine;

    private long[] Tag(string tag, PageRequest page) => [.. Engine.GetHashtagTimeline(tag, page).Items.Select(t => t.Id)];

    [Fact]
    public async Task A_hashtag_timeline_merges_tagged_tweets_and_replies_of_every_shard_newest_first()
    {
        var expected = new List<long>();
        var authors = new List<Account>();
        for (int i = 0; i < 6; i++)
        {
            authors.Add(await _temp.UserAsync($"user{i}"));
        }

        foreach (var author in authors)
        {
            expected.Add((await Engine.CreateTweetAsync(author.Id, $"hello #Chirp from {author.Username}")).Id);
            await Engine.CreateTweetAsync(author.Id, "untagged");
        }

        expected.Add((await Engine.CreateReplyAsync(authors[1].Id, expected[0], "#chirp back")).Id);

        // Ids made in the same millisecond on different shards order by shard, not by creation.
        expected.Sort((a, b) => b.CompareTo(a));

        Assert.Equal(expected, Tag("chirp", PageRequest.First(40)));
        Assert.Equal(expected, Tag("#CHIRP", PageRequest.First(40)));
        Assert.Empty(Tag("other", PageRequest.First()));
    }

    [Fact]
    public async Task Edits_and_deletes_take_tweets_out_of_the_hashtag_timeline()
    {
        var ann = await _temp.UserAsync("ann");
        var kept = await Engine.CreateTweetAsync(ann.Id, "#news one");
        var edited = await Engine.CreateTweetAsync(ann.Id, "#news two");
        var deleted = await Engine.CreateTweetAsync(ann.Id, "#news three");

        await Engine.EditTweetAsync(ann.Id, edited.Id, "two, now about #sports");
        await Engine.DeleteTweetAsync(ann.Id, deleted.Id);

        Assert.Equal([kept.Id], Tag("news", PageRequest.First()));
        Assert.Equal([edited.Id], Tag("sports", PageRequest.First()));
    }

    [Fact]
    public async Task Hashtag_timelines_page_with_max_id_since_id_and_min_id()
    {
        var ann = await _temp.UserAsync("ann");
        var bob = await _temp.UserAsync("bob");
        var ids = new List<long>();
        for (int i = 0; i < 9; i++)
        {
            ids.Add((await Engine.CreateTweetAsync(i % 2 == 0 ? ann.Id : bob.Id, $"#paging {i}")).Id);
        }

        ids.Sort();

        var walked = new List<long>();
        var page = Engine.GetHashtagTimeline("paging", PageRequest.First(4));
        while (true)
        {
            walked.AddRange(page.Items.Select(t => t.Id));
            if (page.NextMaxId is null)
            {
                break;
            }

            page = Engine.GetHashtagTimeline("paging", PageRequest.Before(page.NextMaxId.Value, 4));
        }

        Assert.Equal(Enumerable.Reverse(ids), walked);
        Assert.Equal([ids[8], ids[7]], Tag("paging", new PageRequest { SinceId = ids[2], Limit = 2 }));
        var newer = Engine.GetHashtagTimeline("paging", new PageRequest { MinId = ids[2], Limit = 2 });
        Assert.Equal([ids[4], ids[3]], newer.Items.Select(t => t.Id));
        Assert.Equal(ids[4], newer.PrevMinId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("#")]
    [InlineData("two words")]
    [InlineData("#a#b")]
    [InlineData("123")]
    public void A_string_that_is_not_one_hashtag_is_refused(string hashtag)
    {
        var error = Assert.Throws<ChirpException>(() => Engine.GetHashtagTimeline(hashtag, PageRequest.First()));
        Assert.Equal(ChirpErrorCode.Validation, error.ErrorCode);
        Assert.Equal("hashtag", error.Field);
    }

    public void Dispose() => _temp.Dispose();
}
