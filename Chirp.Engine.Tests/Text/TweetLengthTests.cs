using FsCheck;
using FsCheck.Xunit;

namespace Chirp.Engine.Tests.Text;

public sealed class TweetLengthTests
{
    private static string Url(int length) => "https://example.com/" + new string('a', length - "https://example.com/".Length);

    [Fact]
    public void A_300_character_url_counts_as_23_and_fits_with_text()
    {
        string text = "Read this: " + Url(300) + " and tell me what you think";

        Assert.Equal(11 + TweetText.CharactersPerUrl + 27, TweetText.CountLength(text));
        Assert.Equal(text, TweetText.Normalize(text, 0));
    }

    [Fact]
    public void Text_with_a_url_is_accepted_at_exactly_280_and_refused_at_281()
    {
        string url = Url(120);
        string exactly = new string('x', 256) + " " + url;

        Assert.Equal(280, TweetText.CountLength(exactly));
        Assert.Equal(exactly, TweetText.Normalize(exactly, 0));
        var error = Assert.Throws<ChirpException>(() => TweetText.Normalize("x" + exactly, 0));
        Assert.Equal("text", error.Field);
    }

    [Fact]
    public void A_short_url_counts_as_23_too_as_on_mastodon()
    {
        string text = new string('x', 257) + " http://a.co";

        Assert.Equal(281, TweetText.CountLength(text));
        Assert.Throws<ChirpException>(() => TweetText.Normalize(text, 0));
    }

    [Fact]
    public void Text_whose_urls_make_it_longer_than_the_stored_limit_is_refused_however_it_counts()
    {
        string text = string.Join(" ", Enumerable.Repeat(Url(400), 11));
        Assert.True(TweetText.CountLength(text) <= TweetText.MaxCodePoints);

        var error = Assert.Throws<ChirpException>(() => TweetText.Normalize(text, 0));

        Assert.Contains(TweetText.MaxStoredCodePoints.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Fact]
    public void Trailing_punctuation_unopened_brackets_and_glued_schemes_are_not_counted_as_url()
    {
        Assert.Equal(23 + 2, TweetText.CountLength("https://example.com/page)."));
        Assert.Equal(23, TweetText.CountLength("https://en.wikipedia.org/wiki/Foo_(bar)"));
        Assert.Equal(23 + 4000, TweetText.CountLength("https://example.com/" + new string(')', 4000)));
        Assert.Equal(12, TweetText.CountLength("nohttp://x.y"));
    }

    [Fact]
    public void Hashtags_and_mentions_inside_a_url_are_part_of_the_url()
    {
        const string text = "see https://example.com/#tag/@bob?x=#y and #real @ann";

        Assert.Equal(["real"], TweetText.ExtractHashtags(text));
        Assert.Equal(["ann"], TweetText.ExtractMentions(text));
        Assert.Equal(2, TweetText.FindHashtagsAndMentions(text).Count);
    }

    [Fact]
    public void A_long_url_that_counts_as_23_carries_no_hashtags_or_mentions()
    {
        string url = "https://example.com" + string.Concat(Enumerable.Range(0, 300).Select(i => $"/#t{i}/@u{i}"));
        string text = TweetText.Normalize("look " + url, 0);

        Assert.Empty(TweetText.ExtractHashtags(text));
        Assert.Empty(TweetText.ExtractMentions(text));
    }

    [Property(MaxTest = 200, QuietOnSuccess = true)]
    public bool Any_url_counts_as_23_whatever_its_length(NonNegativeInt prefix, PositiveInt path)
    {
        int letters = prefix.Get % 250;
        string text = new string('x', letters) + " " + Url(21 + (path.Get % 3000));
        return TweetText.CountLength(text) == letters + 1 + TweetText.CharactersPerUrl;
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData("\u200B\u200C\u200D\u2060\uFEFF")]
    [InlineData(" \u200B \n\u2060 ")]
    [InlineData("\u00AD\u180E\u034F\uFE0F")]
    [InlineData("\u3164\uFFA0\u2800")]
    [InlineData("\U000E0041\U000E0042")]
    public void Text_of_only_invisible_characters_is_blank(string text)
    {
        Assert.True(TweetText.IsBlank(text));
        var error = Assert.Throws<ChirpException>(() => TweetText.Normalize(text, 0));
        Assert.Equal("A tweet needs text or at least one media attachment.", error.Message);
    }

    [Theory]
    [InlineData("👩\u200D💻")]
    [InlineData("\u200Bhi\u200B")]
    [InlineData("❤\uFE0F")]
    [InlineData("a")]
    public void Visible_text_around_invisible_characters_is_not_blank(string text)
    {
        Assert.False(TweetText.IsBlank(text));
        Assert.Equal(text, TweetText.Normalize(text, 0));
    }

    [Fact]
    public void Invisible_text_is_allowed_with_media_as_empty_text_is() =>
        Assert.Equal("\u200B", TweetText.Normalize("\u200B", 1));
}
