namespace Chirp.Server.Mastodon;

/// <summary>The codes Mastodon uses in a 422 error's <c>details</c> (clients map some to localized messages).</summary>
public static class ValidationErrorCode
{
    public const string Blank = "ERR_BLANK";

    public const string Invalid = "ERR_INVALID";

    public const string TooLong = "ERR_TOO_LONG";

    public const string TooShort = "ERR_TOO_SHORT";

    public const string Taken = "ERR_TAKEN";

    public const string Reserved = "ERR_RESERVED";

    public const string Accepted = "ERR_ACCEPTED";

    public const string Inclusion = "ERR_INCLUSION";
}
