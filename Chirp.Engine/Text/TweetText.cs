using System.Globalization;
using System.Text;

namespace Chirp.Engine;

/// <summary>
/// The rules for tweet text: length in Unicode code points with each URL counted as 23, and hashtag and mention
/// extraction.
/// </summary>
public static class TweetText
{
    /// <summary>The longest a tweet may count (<see cref="CountLength"/>).</summary>
    public const int MaxCodePoints = 280;

    /// <summary>
    /// What an http or https URL counts towards <see cref="MaxCodePoints"/>, whatever its length, as on Twitter and
    /// Mastodon (whose clients assume it from <c>characters_reserved_per_url</c>).
    /// </summary>
    public const int CharactersPerUrl = 23;

    /// <summary>
    /// The most code points a tweet's text may hold as written, URLs in full. Counted URLs make room for long links;
    /// this keeps a stored tweet small however many long links it has.
    /// </summary>
    public const int MaxStoredCodePoints = 4096;

    /// <summary>The most media attachments per tweet.</summary>
    public const int MaxMedia = 4;

    /// <summary>
    /// Checks and normalizes (NFC) tweet text. Text must count 1 to 280 (<see cref="CountLength"/>: code points, each
    /// URL as 23) and hold at most <see cref="MaxStoredCodePoints"/> code points, or be empty when media is attached;
    /// text of only whitespace and invisible characters (<see cref="IsBlank"/>) counts as empty. Lone surrogates, NUL
    /// and U+FFFE are refused. Throws a validation <see cref="ChirpException"/> on <c>text</c>.
    /// </summary>
    public static string Normalize(string? text, int mediaCount)
    {
        text ??= "";
        if (!IsWellFormed(text))
        {
            throw ChirpException.Invalid("text", "Text contains an unpaired surrogate, a NUL or U+FFFE.");
        }

        string normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        if (IsBlank(normalized) && mediaCount == 0)
        {
            throw ChirpException.Invalid("text", "A tweet needs text or at least one media attachment.");
        }

        int stored = CountCodePoints(normalized);
        if (stored > MaxStoredCodePoints)
        {
            throw ChirpException.Invalid("text", $"Text is {stored} code points long with its URLs in full; the limit is {MaxStoredCodePoints}.");
        }

        int length = CountLength(normalized);
        if (length > MaxCodePoints)
        {
            throw ChirpException.Invalid("text", $"Text counts {length} characters (code points, each URL as {CharactersPerUrl}); the limit is {MaxCodePoints}.");
        }

        return normalized;
    }

    /// <summary>
    /// What a text counts towards <see cref="MaxCodePoints"/>: its code points, except that each http or https URL
    /// (as <see cref="UrlFinder"/> finds them) counts as <see cref="CharactersPerUrl"/>, however long or short.
    /// </summary>
    public static int CountLength(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = 0;
        int from = 0;
        foreach (var url in UrlFinder.Find(text))
        {
            var (start, urlLength) = url.GetOffsetAndLength(text.Length);
            length += CountCodePoints(text.AsSpan(from, start - from)) + CharactersPerUrl;
            from = start + urlLength;
        }

        return length + CountCodePoints(text.AsSpan(from));
    }

    /// <summary>Counts Unicode code points (a surrogate pair is one).</summary>
    public static int CountCodePoints(ReadOnlySpan<char> text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// Whether a text shows nothing: it is empty or holds only whitespace and invisible characters (format characters
    /// such as the zero-width space, joiners and the byte-order mark, controls, variation selectors, the combining
    /// grapheme joiner, Hangul fillers and the blank Braille pattern). An emoji sequence joined by U+200D is not blank:
    /// its emoji are visible.
    /// </summary>
    public static bool IsBlank(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var rune in text.EnumerateRunes())
        {
            if (!IsInvisible(rune))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The hashtags of a text, without '#', lower-cased, distinct, in order of first appearance; none inside a URL
    /// (<see cref="UrlFinder"/>). A hashtag starts with '#' or '＃' at the start or after a character that is not a
    /// letter, digit, '_' or '&amp;', and runs over letters, digits, marks and '_'; it needs at least one letter or mark
    /// (so "#1" is not a hashtag).
    /// </summary>
    public static IReadOnlyList<string> ExtractHashtags(string text) => Extract(text, isHashtag: true);

    /// <summary>
    /// The usernames mentioned in a text, without '@', lower-cased, distinct, in order; none inside a URL. A mention is
    /// '@' or '＠' at the start or after a character that is not a letter, digit or one of <c>_!@#$%&amp;*</c>,
    /// followed by 1 to 30 of <c>[A-Za-z0-9_]</c>, and not followed by another '@' (which makes it an e-mail address).
    /// </summary>
    public static IReadOnlyList<string> ExtractMentions(string text) => Extract(text, isHashtag: false);

    /// <summary>
    /// The hashtags and mentions of a text with their positions, in order of appearance, found by the same rules as
    /// <see cref="ExtractHashtags"/> and <see cref="ExtractMentions"/> (repeats included, case as written).
    /// </summary>
    public static IReadOnlyList<HashtagOrMention> FindHashtagsAndMentions(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var spans = new List<TextEntity>();
        FindEntities(text, spans);
        return spans.ConvertAll(span => new HashtagOrMention(span.Start, span.Length, span.IsHashtag));
    }

    private static List<string> Extract(string text, bool isHashtag)
    {
        var found = new List<string>();
        var spans = new List<TextEntity>();
        FindEntities(text, spans);
        foreach (var span in spans)
        {
            if (span.IsHashtag == isHashtag)
            {
                string value = span.Name(text).ToLowerInvariant();
                if (!found.Contains(value))
                {
                    found.Add(value);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Appends the hashtags and mentions of a text, in order, each with its marker. Search leaves their spans out of
    /// the words, so that <c>#tech</c> and <c>tech</c> stay apart.
    /// </summary>
    internal static void FindEntities(string text, List<TextEntity> spans)
    {
        // A '#' or '@' inside a URL is part of the URL, as on Twitter and Mastodon. A URL counts as 23 however long it
        // is, so otherwise one long URL could carry a thousand hashtags and mentions, each stored and looked up.
        var urls = UrlFinder.Find(text);
        int url = 0;
        for (int i = 0; i < text.Length; i++)
        {
            while (url < urls.Count && urls[url].End.GetOffset(text.Length) <= i)
            {
                url++;
            }

            if (url < urls.Count && urls[url].Start.GetOffset(text.Length) <= i)
            {
                i = urls[url].End.GetOffset(text.Length) - 1;
                continue;
            }

            char c = text[i];
            bool isHashtag = c is '#' or '＃';
            if (!(isHashtag || c is '@' or '＠') || (i > 0 && !MayPrecede(text[i - 1], isHashtag)))
            {
                continue;
            }

            int start = i + 1;
            int end = isHashtag ? HashtagEnd(text, start, out bool hasLetter) : MentionEnd(text, start, out hasLetter);
            int length = end - start;
            bool valid = isHashtag
                ? length > 0 && hasLetter
                : length is >= 1 and <= AccountRules.MaxUsernameLength && (end >= text.Length || text[end] is not ('@' or '＠'));
            if (valid)
            {
                spans.Add(new TextEntity(i, end - i, isHashtag));
            }

            i = end - 1;
        }
    }

    private static int HashtagEnd(string text, int start, out bool hasLetter)
    {
        hasLetter = false;
        int end = start;
        while (end < text.Length)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(text, end);
            if (IsHashtagLetter(category))
            {
                hasLetter = true;
            }
            else if (category != UnicodeCategory.DecimalDigitNumber && text[end] != '_')
            {
                break;
            }

            end += char.IsSurrogatePair(text, end) ? 2 : 1;
        }

        return end;
    }

    private static int MentionEnd(string text, int start, out bool hasLetter)
    {
        hasLetter = true;
        int end = start;
        while (end < text.Length && IsUsernameChar(text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool MayPrecede(char previous, bool isHashtag)
    {
        if (char.IsLetterOrDigit(previous) || previous == '_')
        {
            return false;
        }

        return isHashtag ? previous != '&' : previous is not ('!' or '@' or '#' or '$' or '%' or '&' or '*' or '＠');
    }

    private static bool IsHashtagLetter(UnicodeCategory category) => category is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or
        UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or
        UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    internal static bool IsUsernameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static bool IsInvisible(Rune rune) =>
        Rune.IsWhiteSpace(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.Control
        || rune.Value is >= 0xFE00 and <= 0xFE0F or >= 0xE0100 and <= 0xE01EF
        || rune.Value is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;

    /// <summary>
    /// No NUL, no unpaired surrogate, and no U+FFFE: .NET's normalization throws an ArgumentException on U+FFFE (the
    /// byte-order mark read backwards), so text holding it could be neither normalized nor refused cleanly later.
    /// </summary>
    internal static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '\0' or '\uFFFE')
            {
                return false;
            }

            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }
}
