using Chirp.Server.Api;
using Chirp.Server.Mastodon;

namespace Chirp.Server.SignUp;

/// <summary>
/// What sign-up refuses beyond the engine's field rules: reserved usernames (<c>reserved-usernames.txt</c>), and
/// passwords that are common (<c>common-passwords.txt</c>, 10,000 entries) or equal to the username or e-mail,
/// compared ignoring case. Each is a 422 naming the field.
/// </summary>
public static class SignUpRules
{
    private static readonly Lazy<IReadOnlySet<string>> CommonPasswords = new(() => WordList.Load("common-passwords.txt"));
    private static readonly Lazy<IReadOnlySet<string>> ReservedUsernames = new(() => WordList.Load("reserved-usernames.txt"));

    public static bool IsReserved(string username) => ReservedUsernames.Value.Contains(username);

    public static bool IsCommon(string password) => CommonPasswords.Value.Contains(password);

    public static void CheckUsername(string username)
    {
        if (IsReserved(username))
        {
            throw ApiException.Validation("username", "ERR_RESERVED", "username is reserved");
        }
    }

    public static void CheckPassword(string password, string username, string email)
    {
        if (password.Length is < Passwords.MinLength or > Passwords.MaxLength)
        {
            throw ApiException.Validation("password", ValidationErrorCode.Invalid, $"password must be {Passwords.MinLength} to {Passwords.MaxLength} characters");
        }

        if (IsCommon(password))
        {
            throw ApiException.Validation("password", ValidationErrorCode.Invalid, "password is too common: it is on a list of the most used passwords");
        }

        string trimmed = password.Trim();
        if (string.Equals(trimmed, username, StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            throw ApiException.Validation("password", ValidationErrorCode.Invalid, "password must not be the username or the e-mail address");
        }
    }
}
