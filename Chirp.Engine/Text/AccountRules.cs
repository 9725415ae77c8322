using System.Globalization;
using System.Net.Mail;
using System.Text;

namespace Chirp.Engine;

/// <summary>Validation rules for account fields.</summary>
public static class AccountRules
{
    /// <summary>The longest username.</summary>
    public const int MaxUsernameLength = 30;

    /// <summary>The longest display name, in code points.</summary>
    public const int MaxDisplayNameLength = 30;

    /// <summary>The longest bio, in code points.</summary>
    public const int MaxBioLength = 500;

    /// <summary>The longest e-mail address.</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest stored credential hash.</summary>
    public const int MaxCredentialLength = 1024;

    /// <summary>Checks a username: 1 to 30 characters of <c>[A-Za-z0-9_]</c>.</summary>
    public static void ValidateUsername(string? username)
    {
        if (string.IsNullOrEmpty(username))
        {
            throw ChirpException.Invalid("username", "A username is required.");
        }

        if (username.Length > MaxUsernameLength)
        {
            throw ChirpException.Invalid("username", $"A username has at most {MaxUsernameLength} characters.");
        }

        foreach (char c in username)
        {
            if (!TweetText.IsUsernameChar(c))
            {
                throw ChirpException.Invalid("username", "A username may contain only letters A-Z, digits and '_'.");
            }
        }
    }

    /// <summary>Checks an e-mail address and returns its canonical (trimmed, lower-cased) form.</summary>
    public static string NormalizeEmail(string? email)
    {
        string candidate = (email ?? "").Trim();
        if (candidate.Length == 0)
        {
            throw ChirpException.Invalid("email", "An e-mail address is required.");
        }

        if (candidate.Length > MaxEmailLength
            || !MailAddress.TryCreate(candidate, out var parsed)
            || parsed.Address != candidate
            || !parsed.Host.Contains('.', StringComparison.Ordinal)
            || parsed.Host.StartsWith('.') || parsed.Host.EndsWith('.')
            || candidate.Any(char.IsWhiteSpace))
        {
            throw ChirpException.Invalid("email", "The e-mail address is not valid.");
        }

        return candidate.ToLowerInvariant();
    }

    /// <summary>
    /// Checks a display name: at most 30 code points, no control characters, and no invisible format characters
    /// (Unicode category Cf), among them the bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
    /// U+061C) that make a name read as another one. The zero-width joiners of emoji sequences and the tag
    /// characters of subdivision flags are kept.
    /// </summary>
    public static string NormalizeDisplayName(string? displayName) =>
        NormalizeFreeText(displayName, "display_name", MaxDisplayNameLength, allowNewLines: false);

    /// <summary>Checks a bio: at most 500 code points, no control characters but line breaks and tabs, no format characters (as display names).</summary>
    public static string NormalizeBio(string? bio) => NormalizeFreeText(bio, "bio", MaxBioLength, allowNewLines: true);

    /// <summary>Zero-width non-joiner and joiner (emoji sequences, some scripts) and tag characters (subdivision flags).</summary>
    private static bool IsEmojiFormatCharacter(Rune rune) => rune.Value is 0x200C or 0x200D or (>= 0xE0020 and <= 0xE007F);

    private static string NormalizeFreeText(string? value, string field, int maxCodePoints, bool allowNewLines)
    {
        value = (value ?? "").Trim();
        if (!TweetText.IsWellFormed(value))
        {
            throw ChirpException.Invalid(field, "The text contains an unpaired surrogate, a NUL or U+FFFE.");
        }

        foreach (char c in value)
        {
            if (char.IsControl(c) && !(allowNewLines && c is '\n' or '\r' or '\t'))
            {
                throw ChirpException.Invalid(field, "The text contains a control character.");
            }
        }

        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format && !IsEmojiFormatCharacter(rune))
            {
                throw ChirpException.Invalid(field, $"The text contains the invisible format character U+{rune.Value:X4} (such as a bidirectional control).");
            }
        }

        value = value.Normalize(System.Text.NormalizationForm.FormC);
        return TweetText.CountCodePoints(value) > maxCodePoints
            ? throw ChirpException.Invalid(field, $"The text is longer than {maxCodePoints} code points.")
            : value;
    }
}
