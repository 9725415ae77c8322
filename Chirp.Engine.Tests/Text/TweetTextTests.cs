namespace Chirp.Engine.Tests.Text;

public sealed class TweetTextTests
{
    [Theory]
    [InlineData("#tag", new[] { "tag" })]
    [InlineData("a #Tag, #tag and #other.", new[] { "tag", "other" })]
    [InlineData("no#tag here", new string[0])]
    [InlineData("#123 is not a tag but #a1 is", new[] { "a1" })]
    [InlineData("&#39; entity", new string[0])]
    [InlineData("unicode #café and #日本", new[] { "café", "日本" })]
    [InlineData("full-width ＃tag", new[] { "tag" })]
    [InlineData("#under_score", new[] { "under_score" })]
    public void Hashtags_are_extracted_like_twitter(string text, string[] expected) =>
        Assert.Equal(expected, TweetText.ExtractHashtags(text));

    [Theory]
    [InlineData("@bob hi", new[] { "bob" })]
    [InlineData("hi @Bob and @bob and @carol_2!", new[] { "bob", "carol_2" })]
    [InlineData("mail me at bob@example.com", new string[0])]
    [InlineData("@bob@example.com is an address", new string[0])]
    [InlineData("RT @news: big", new[] { "news" })]
    [InlineData("@a234567890123456789012345678901 too long", new string[0])]
    public void Mentions_are_extracted_like_twitter(string text, string[] expected) =>
        Assert.Equal(expected, TweetText.ExtractMentions(text));

    [Fact]
    public void Hashtags_and_mentions_are_found_with_their_positions_and_written_case()
    {
        const string text = "@Bob likes #Tag and 😀 #tag, not mail@x.com";

        var found = TweetText.FindHashtagsAndMentions(text);

        Assert.Equal(
            [new HashtagOrMention(0, 4, IsHashtag: false), new HashtagOrMention(11, 4, IsHashtag: true), new HashtagOrMention(23, 4, IsHashtag: true)],
            found);
        Assert.Equal(["@Bob", "#Tag", "#tag"], found.Select(f => text.Substring(f.Start, f.Length)));
    }

    [Fact]
    public void Code_points_count_surrogate_pairs_once() =>
        Assert.Equal(3, TweetText.CountCodePoints("a😀b"));

    [Fact]
    public void Text_is_normalized_to_nfc()
    {
        string decomposed = "cafe\u0301";

        Assert.Equal("café", TweetText.Normalize(decomposed, 0));
    }
}
