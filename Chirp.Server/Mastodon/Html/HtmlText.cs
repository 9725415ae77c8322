using System.Text;

namespace Chirp.Server.Mastodon;

/// <summary>
/// HTML escaping for text and attribute values. Only the five significant characters are replaced:
/// WebUtility.HtmlEncode also turns accented letters into numeric references, which clients then show raw in places
/// (notifications, previews) that strip tags without decoding.
/// </summary>
public static class HtmlText
{
    /// <summary>Appends text with &amp;, &lt;, &gt;, " and ' escaped; safe in element content and in quoted attributes.</summary>
    public static void Append(StringBuilder html, ReadOnlySpan<char> text)
    {
        ArgumentNullException.ThrowIfNull(html);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                default: html.Append(c); break;
            }
        }
    }

    /// <summary>The text escaped (see <see cref="Append"/>).</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(text.Length + 16);
        Append(html, text);
        return html.ToString();
    }
}
