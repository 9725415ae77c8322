using System.Globalization;
using System.Text;

namespace Chirp.Engine;

/// <summary>The rules for tweet text: length in Unicode code points, and hashtag and mention extraction.</summary>
public static class TweetText
{
    /// <summary>The most code points a tweet may have.</summary>
    public const int MaxCodePoints = 280;

    /// <summary>The most media attachments per tweet.</summary>
    public const int MaxMedia = 4;

    /// <summary>
    /// Checks and normalizes (NFC) tweet text. Text must be 1 to 280 code points, or empty when media is attached;
    /// lone surrogates, NUL and U+FFFE are refused. Throws a validation <see cref="ChirpException"/> on <c>text</c>.
    /// </summary>
    public static string Normalize(string? text, int mediaCount)
    {
        text ??= "";
        if (!IsWellFormed(text))
        {
            throw ChirpException.Invalid("text", "Text contains an unpaired surrogate, a NUL or U+FFFE.");
        }

        string normalized = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        if (string.IsNullOrWhiteSpace(normalized) && mediaCount == 0)
        {
            throw ChirpException.Invalid("text", "A tweet needs text or at least one media attachment.");
        }

        int codePoints = CountCodePoints(normalized);
        if (codePoints > MaxCodePoints)
        {
            throw ChirpException.Invalid("text", $"Text is {codePoints} code points long; the limit is {MaxCodePoints}.");
        }

        return normalized;
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
    /// The hashtags of a text, without '#', lower-cased, distinct, in order of first appearance. A hashtag starts
    /// with '#' or '＃' at the start or after a character that is not a letter, digit, '_' or '&amp;', and runs over
    /// letters, digits, marks and '_'; it needs at least one letter or mark (so "#1" is not a hashtag).
    /// </summary>
    public static IReadOnlyList<string> ExtractHashtags(string text) => Extract(text, isHashtag: true);

    /// <summary>
    /// The usernames mentioned in a text, without '@', lower-cased, distinct, in order. A mention is '@' or '＠' at
    /// the start or after a character that is not a letter, digit or one of <c>_!@#$%&amp;*</c>, followed by 1 to 30
    /// of <c>[A-Za-z0-9_]</c>, and not followed by another '@' (which makes it an e-mail address).
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
        for (int i = 0; i < text.Length; i++)
        {
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
