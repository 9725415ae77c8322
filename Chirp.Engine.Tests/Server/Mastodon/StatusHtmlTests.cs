using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

public sealed class StatusHtmlTests
{
    private const string Base = Samples.BaseUrl;

    [Fact]
    public void Plain_text_is_one_paragraph() =>
        Assert.Equal("<p>hello world</p>", Render("hello world"));

    [Theory]
    [InlineData("")]
    [InlineData("  \n \r\n ")]
    public void Empty_text_is_empty_html(string text) =>
        Assert.Equal("", Render(text));

    [Fact]
    public void A_script_tag_comes_out_inert() =>
        Assert.Equal("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>", Render("<script>alert('x')</script>"));

    [Fact]
    public void Quotes_ampersands_and_existing_entities_are_escaped() =>
        Assert.Equal("<p>&quot;a&quot; &amp; b &amp;amp; &#39;c&#39; &lt;img src=x onerror=y&gt;</p>", Render("\"a\" & b &amp; 'c' <img src=x onerror=y>"));

    [Fact]
    public void Newlines_are_line_breaks_and_blank_lines_start_paragraphs() =>
        Assert.Equal("<p>one<br />two</p><p>three</p>", Render("one\r\ntwo\n\n\nthree\n"));

    [Fact]
    public void Emoji_and_other_scripts_pass_through_unchanged() =>
        Assert.Equal("<p>hi 🐦 café 日本語 👩‍👩‍👧</p>", Render("hi 🐦 café 日本語 👩‍👩‍👧"));

    [Fact]
    public void Hashtags_link_to_the_lower_cased_tag_page_and_keep_their_written_case() =>
        Assert.Equal(
            $"<p>I like <a href=\"{Base}/tags/dotnet\" class=\"mention hashtag\" rel=\"tag\">#<span>DotNet</span></a>.</p>",
            Render("I like #DotNet."));

    [Fact]
    public void Unicode_hashtags_are_percent_encoded_in_the_link() =>
        Assert.Equal(
            $"<p><a href=\"{Base}/tags/caf%C3%A9\" class=\"mention hashtag\" rel=\"tag\">#<span>Café</span></a></p>",
            Render("#Café"));

    [Theory]
    [InlineData("#123")]
    [InlineData("no#tag")]
    [InlineData("&#39;")]
    public void What_the_engine_does_not_call_a_hashtag_is_not_linked(string text) =>
        Assert.DoesNotContain("<a", Render(text), StringComparison.Ordinal);

    [Fact]
    public void Known_mentions_are_linked_in_mastodons_markup() =>
        Assert.Equal(
            $"<p>hi <span class=\"h-card\"><a href=\"{Base}/@bob\" class=\"u-url mention\">@<span>bob</span></a></span>!</p>",
            Render("hi @bob!"));

    [Fact]
    public void Unknown_mentions_and_email_addresses_stay_plain_text()
    {
        Assert.Equal("<p>hi @nobody</p>", Render("hi @nobody"));
        Assert.Equal("<p>mail bob@example.com or @bob@example.com</p>", Render("mail bob@example.com or @bob@example.com"));
    }

    [Fact]
    public void The_mention_url_is_escaped()
    {
        string html = StatusHtml.Render("@bob", _ => "http://x/?a=1&b=\"2\"", Samples.Urls);

        Assert.Contains("href=\"http://x/?a=1&amp;b=&quot;2&quot;\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Urls_are_linked_with_their_query_and_escaped() =>
        Assert.Equal(
            "<p>see <a href=\"https://example.com/a?b=1&amp;c=%20d#frag\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">https://example.com/a?b=1&amp;c=%20d#frag</a> now</p>",
            Render("see https://example.com/a?b=1&c=%20d#frag now"));

    [Theory]
    [InlineData("go to https://example.com/x.", "https://example.com/x")]
    [InlineData("(see https://example.com/x)", "https://example.com/x")]
    [InlineData("wiki https://en.wikipedia.org/wiki/C_(language)!", "https://en.wikipedia.org/wiki/C_(language)")]
    [InlineData("really? https://example.com/?q=1,", "https://example.com/?q=1")]
    [InlineData("'http://example.com'", "http://example.com")]
    [InlineData("HTTPS://EXAMPLE.COM/Path", "HTTPS://EXAMPLE.COM/Path")]
    [InlineData("<https://example.com/a>", "https://example.com/a")]
    public void Trailing_punctuation_and_unopened_brackets_are_not_part_of_a_url(string text, string url) =>
        Assert.Contains($"<a href=\"{url}\" rel=", Render(text), StringComparison.Ordinal);

    [Theory]
    [InlineData("xhttps://example.com")]
    [InlineData("https://")]
    [InlineData("https:// example.com")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://example.com")]
    public void Only_http_and_https_urls_with_a_host_are_linked(string text) =>
        Assert.DoesNotContain("<a", Render(text), StringComparison.Ordinal);

    [Fact]
    public void A_url_cannot_break_out_of_its_attribute()
    {
        string html = Render("https://example.com/'onmouseover='alert(1)");

        Assert.Contains("href=\"https://example.com/&#39;onmouseover=&#39;alert(1)\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hashtags_and_mentions_inside_a_url_stay_part_of_it()
    {
        string html = Render("https://example.com/@bob/#anchor and #real");

        Assert.Contains(">https://example.com/@bob/#anchor</a>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("u-url mention", html, StringComparison.Ordinal);
        Assert.Single(html.Split("class=\"mention hashtag\"").Skip(1));
    }

    [Fact]
    public void Links_mix_with_escaping_and_line_breaks()
    {
        string html = Render("@bob <b>#tag</b>\nhttps://example.com");

        Assert.Equal(
            $"<p><span class=\"h-card\"><a href=\"{Base}/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> &lt;b&gt;"
            + $"<a href=\"{Base}/tags/tag\" class=\"mention hashtag\" rel=\"tag\">#<span>tag</span></a>&lt;/b&gt;<br />"
            + "<a href=\"https://example.com\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">https://example.com</a></p>",
            html);
    }

    private static string Render(string text) =>
        StatusHtml.Render(text, name => name.Equals("bob", StringComparison.OrdinalIgnoreCase) ? $"{Base}/@bob" : null, Samples.Urls);
}
