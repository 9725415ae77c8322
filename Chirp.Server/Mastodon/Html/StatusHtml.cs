using System.Text;
using Chirp.Engine;

namespace Chirp.Server.Mastodon;

/// <summary>
/// Renders tweet text (and bios) as the HTML Mastodon clients expect in <c>content</c> and <c>note</c>: every character
/// of the text escaped, paragraphs in <c>&lt;p&gt;</c>, line breaks as <c>&lt;br /&gt;</c>, and hashtags, mentions of
/// existing accounts and http(s) URLs linked in Mastodon's markup (clients style and route links by those classes).
/// Hashtags and mentions are found by the engine's rules (<see cref="TweetText.FindHashtagsAndMentions"/>), so the
/// links match the tweet's stored hashtags and mentions; one that lies inside a URL stays part of the URL.
/// </summary>
public static class StatusHtml
{
    /// <summary>The HTML of a text; empty for a text that is empty or only whitespace (as Mastodon does).</summary>
    /// <param name="text">The text as stored.</param>
    /// <param name="mentionUrl">The profile URL for a mentioned username (as written, without '@'); null leaves the mention as plain text.</param>
    /// <param name="urls">Where hashtag links point.</param>
    public static string Render(string text, Func<string, string?> mentionUrl, MastodonUrls urls)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(mentionUrl);
        ArgumentNullException.ThrowIfNull(urls);
        text = text.ReplaceLineEndings("\n").Trim();
        if (text.Length == 0)
        {
            return "";
        }

        var html = new StringBuilder(text.Length * 2);
        html.Append("<p>");
        int position = 0;
        foreach (var link in Links(text))
        {
            AppendPlain(html, text.AsSpan(position, link.Start - position));
            string name = text.Substring(link.Start + 1, link.Length - 1);
            if (link.IsUrl)
            {
                AppendUrl(html, text.Substring(link.Start, link.Length));
            }
            else if (link.IsHashtag)
            {
                AppendHashtag(html, text[link.Start], name, urls);
            }
            else if (mentionUrl(name) is { } profile)
            {
                AppendMention(html, text[link.Start], name, profile);
            }
            else
            {
                HtmlText.Append(html, text.AsSpan(link.Start, link.Length));
            }

            position = link.Start + link.Length;
        }

        AppendPlain(html, text.AsSpan(position));
        html.Append("</p>");
        return html.ToString();
    }

    /// <summary>URLs, then the hashtags and mentions outside them, in text order.</summary>
    private static List<Link> Links(string text)
    {
        var links = new List<Link>();
        var found = UrlFinder.Find(text);
        foreach (var url in found)
        {
            var (start, length) = url.GetOffsetAndLength(text.Length);
            links.Add(new Link(start, length, IsUrl: true, IsHashtag: false));
        }

        foreach (var entity in TweetText.FindHashtagsAndMentions(text))
        {
            int end = entity.Start + entity.Length;
            bool insideUrl = links.Exists(l => l.IsUrl && entity.Start < l.Start + l.Length && l.Start < end);
            if (!insideUrl)
            {
                links.Add(new Link(entity.Start, entity.Length, IsUrl: false, entity.IsHashtag));
            }
        }

        links.Sort((a, b) => a.Start.CompareTo(b.Start));
        return links;
    }

    /// <summary>Escaped text; one line break is <c>&lt;br /&gt;</c>, more start a new paragraph.</summary>
    private static void AppendPlain(StringBuilder html, ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            int newline = text.IndexOf('\n');
            if (newline < 0)
            {
                HtmlText.Append(html, text);
                return;
            }

            HtmlText.Append(html, text[..newline]);
            int breaks = text[newline..].IndexOfAnyExcept('\n');
            breaks = breaks < 0 ? text.Length - newline : breaks;
            html.Append(breaks == 1 ? "<br />" : "</p><p>");
            text = text[(newline + breaks)..];
        }
    }

    private static void AppendUrl(StringBuilder html, string url)
    {
        html.Append("<a href=\"");
        HtmlText.Append(html, url);
        html.Append("\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">");
        HtmlText.Append(html, url);
        html.Append("</a>");
    }

    private static void AppendHashtag(StringBuilder html, char marker, string name, MastodonUrls urls)
    {
        html.Append("<a href=\"");
        HtmlText.Append(html, urls.Tag(name.ToLowerInvariant()));
        html.Append("\" class=\"mention hashtag\" rel=\"tag\">").Append(marker).Append("<span>");
        HtmlText.Append(html, name);
        html.Append("</span></a>");
    }

    private static void AppendMention(StringBuilder html, char marker, string name, string profileUrl)
    {
        html.Append("<span class=\"h-card\"><a href=\"");
        HtmlText.Append(html, profileUrl);
        html.Append("\" class=\"u-url mention\">").Append(marker).Append("<span>");
        HtmlText.Append(html, name);
        html.Append("</span></a></span>");
    }

    private readonly record struct Link(int Start, int Length, bool IsUrl, bool IsHashtag);
}
