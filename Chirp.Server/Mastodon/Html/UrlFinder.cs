namespace Chirp.Server.Mastodon;

/// <summary>
/// Finds http and https URLs in plain text, the way readers expect them to be linked: a URL starts at <c>http://</c>
/// or <c>https://</c> not glued to a preceding letter or digit, runs to whitespace, <c>&lt;</c>, <c>&gt;</c> or
/// <c>"</c>, and gives up trailing punctuation and closing brackets that it did not open.
/// </summary>
public static class UrlFinder
{
    private const string TrailingPunctuation = ".,:;!?'*…";

    /// <summary>The URLs, as (start, length) ranges in order.</summary>
    public static IReadOnlyList<Range> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<Range>();
        int i = 0;
        while (i < text.Length)
        {
            int schemeEnd = SchemeEndAt(text, i);
            if (schemeEnd < 0)
            {
                i++;
                continue;
            }

            int end = TrimEnd(text, i, RunEnd(text, schemeEnd));
            if (end > schemeEnd && char.IsLetterOrDigit(text[schemeEnd]))
            {
                found.Add(new Range(i, end));
                i = end;
            }
            else
            {
                i = schemeEnd;
            }
        }

        return found;
    }

    /// <summary>Where the host starts when a URL's scheme starts at <paramref name="i"/>; -1 when none does.</summary>
    private static int SchemeEndAt(string text, int i)
    {
        if (i > 0 && char.IsLetterOrDigit(text[i - 1]))
        {
            return -1;
        }

        foreach (string scheme in (ReadOnlySpan<string>)["https://", "http://"])
        {
            if (text.AsSpan(i).StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return i + scheme.Length;
            }
        }

        return -1;
    }

    private static int RunEnd(string text, int from)
    {
        int end = from;
        while (end < text.Length && !char.IsWhiteSpace(text[end]) && !char.IsControl(text[end]) && text[end] is not ('<' or '>' or '"'))
        {
            end++;
        }

        return end;
    }

    private static int TrimEnd(string text, int start, int end)
    {
        while (end > start)
        {
            char last = text[end - 1];
            bool drop = TrailingPunctuation.Contains(last, StringComparison.Ordinal)
                || (last == ')' && !Opens(text, start, end, '(', ')'))
                || (last == ']' && !Opens(text, start, end, '[', ']'))
                || (last == '}' && !Opens(text, start, end, '{', '}'));
            if (!drop)
            {
                break;
            }

            end--;
        }

        return end;
    }

    /// <summary>Whether the URL so far opens as many brackets as it closes (so a final closer belongs to it).</summary>
    private static bool Opens(string text, int start, int end, char open, char close)
    {
        int depth = 0;
        foreach (char c in text.AsSpan(start, end - start))
        {
            if (c == open)
            {
                depth++;
            }
            else if (c == close)
            {
                depth--;
            }
        }

        return depth >= 0;
    }
}
