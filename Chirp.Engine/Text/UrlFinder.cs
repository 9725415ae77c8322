namespace Chirp.Engine;

/// <summary>
/// Finds http and https URLs in plain text, the way readers expect them to be linked: a URL starts at <c>http://</c>
/// or <c>https://</c> not glued to a preceding letter or digit, runs to whitespace, <c>&lt;</c>, <c>&gt;</c> or
/// <c>"</c>, and gives up trailing punctuation and closing brackets that it did not open. Tweet length counts each
/// URL it finds as <see cref="TweetText.CharactersPerUrl"/> (<see cref="TweetText.CountLength"/>), and the server
/// links the same URLs, so what is counted as a link is what is shown as one.
/// </summary>
public static class UrlFinder
{
    private const string TrailingPunctuation = ".,:;!?'*…";

    /// <summary>The openers, then their closers in the same order.</summary>
    private const string Brackets = "([{)]}";

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
        // The run's bracket balances, kept as characters are dropped, so trimming stays linear in the run's length.
        Span<int> balance = stackalloc int[Brackets.Length / 2];
        foreach (char c in text.AsSpan(start, end - start))
        {
            Count(c, balance, 1);
        }

        while (end > start)
        {
            char last = text[end - 1];
            int closer = Brackets.IndexOf(last, StringComparison.Ordinal) - balance.Length;
            bool unopened = closer >= 0 && balance[closer] < 0;
            if (!unopened && !TrailingPunctuation.Contains(last, StringComparison.Ordinal))
            {
                break;
            }

            Count(last, balance, -1);
            end--;
        }

        return end;
    }

    /// <summary>Adds an opening bracket to its balance and takes a closing one off, times <paramref name="sign"/>.</summary>
    private static void Count(char c, Span<int> balance, int sign)
    {
        int index = Brackets.IndexOf(c, StringComparison.Ordinal);
        if (index >= 0)
        {
            balance[index % balance.Length] += index < balance.Length ? sign : -sign;
        }
    }
}
