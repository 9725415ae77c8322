using System.Globalization;

namespace Chirp.Engine.Search;

/// <summary>
/// Parses the tweet query language. Every mistake is a <see cref="ChirpException"/> on the field <c>q</c>; nothing
/// else escapes.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Items are separated by white space and all must match: <c>coffee morning</c>.</item>
/// <item><c>"good morning"</c> is a phrase: the words in that order, next to each other.</item>
/// <item><c>#tag</c> matches the hashtag, <c>@name</c> the mention; neither matches the plain word.</item>
/// <item><c>from:name</c> (or <c>from:@name</c>) matches tweets by that user.</item>
/// <item><c>since:2024-05-01</c> (inclusive) and <c>until:2024-05-02</c> (exclusive) bound the creation time, UTC;
/// an ISO 8601 time with an offset also works.</item>
/// <item><c>filter:replies</c> keeps only replies, <c>-filter:replies</c> drops them; retweets are left out unless
/// <c>filter:retweets</c> (only retweets) or <c>include:retweets</c>.</item>
/// <item><c>-</c> before an item excludes it: <c>-spoilers</c>, <c>-"spoiler alert"</c>, <c>-#nsfw</c>,
/// <c>-from:bot</c>.</item>
/// </list>
/// Other words with a colon are plain words. A query must select something: exclusions alone are refused.
/// </remarks>
internal static class SearchQueryParser
{
    private const string Field = "q";
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK"];

    public static SearchQuery Parse(string? text)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0)
        {
            throw ChirpException.Invalid(Field, "The query is empty.");
        }

        if (text.Length > ChirpEngine.MaxSearchQueryLength)
        {
            throw ChirpException.Invalid(Field, $"The query is longer than {ChirpEngine.MaxSearchQueryLength} characters.");
        }

        if (!TweetText.IsWellFormed(text))
        {
            throw ChirpException.Invalid(Field, "The query contains an unpaired surrogate, a NUL or U+FFFE.");
        }

        text = text.Normalize(System.Text.NormalizationForm.FormC);
        var query = new SearchQuery();
        bool retweetsIncluded = false;
        int items = 0;
        for (int i = 0; i < text.Length;)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (++items > ChirpEngine.MaxSearchQueryItems)
            {
                throw ChirpException.Invalid(Field, $"The query has more than {ChirpEngine.MaxSearchQueryItems} items.");
            }

            bool excluded = false;
            if (text[i] == '-' && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
            {
                excluded = true;
                i++;
            }

            if (text[i] == '"')
            {
                int close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw ChirpException.Invalid(Field, "A quoted phrase is not closed.");
                }

                AddText(query, text[(i + 1)..close], excluded, isPhrase: true);
                i = close + 1;
                continue;
            }

            int end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            string item = text[i..end];
            i = end;
            if (!TryOperator(query, item, excluded, ref retweetsIncluded))
            {
                AddText(query, item, excluded, isPhrase: false);
            }
        }

        if (!retweetsIncluded)
        {
            query.Kinds &= ~TweetKinds.Retweet;
        }

        if (query.SinceMs is { } since && query.UntilMs is { } until && since >= until)
        {
            throw ChirpException.Invalid(Field, "since: must be before until:.");
        }

        return query.HasPositiveClause
            ? query
            : throw ChirpException.Invalid(Field, "The query has nothing to match: give a word, phrase, #hashtag, @mention or from:, not only exclusions.");
    }

    private static void AddText(SearchQuery query, string text, bool excluded, bool isPhrase)
    {
        var entities = new List<TextEntity>();
        TweetText.FindEntities(text, entities);
        var words = TweetAnalysis.Current.Tokenize(text);
        var item = new QueryItem(
            excluded,
            words,
            [.. entities.Where(e => e.IsHashtag).Select(e => e.Name(text).ToLowerInvariant()).Distinct()],
            [.. entities.Where(e => !e.IsHashtag).Select(e => e.Name(text).ToLowerInvariant()).Distinct()]);
        if (!item.IsEmpty)
        {
            query.Items.Add(item);
        }
        else if (isPhrase)
        {
            throw ChirpException.Invalid(Field, "A quoted phrase has no words in it.");
        }
    }

    private static bool TryOperator(SearchQuery query, string item, bool excluded, ref bool retweetsIncluded)
    {
        int colon = item.IndexOf(':');
        if (colon <= 0 || colon == item.Length - 1)
        {
            return false;
        }

        string name = item[..colon].ToLowerInvariant();
        string value = item[(colon + 1)..];
        switch (name)
        {
            case "from":
                string username = value.TrimStart('@');
                if (username.Length == 0 || username.Length > AccountRules.MaxUsernameLength || !username.All(TweetText.IsUsernameChar))
                {
                    throw ChirpException.Invalid(Field, $"from: needs a username, not '{value}'.");
                }

                (excluded ? query.ExcludedFromUsers : query.FromUsers).Add(username.ToLowerInvariant());
                return true;
            case "since" or "until":
                if (excluded)
                {
                    throw ChirpException.Invalid(Field, $"{name}: cannot be excluded.");
                }

                if (!DateTimeOffset.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                {
                    throw ChirpException.Invalid(Field, $"{name}: needs a date such as 2024-05-01, not '{value}'.");
                }

                if (name == "since")
                {
                    query.SinceMs = Math.Max(query.SinceMs ?? long.MinValue, at.ToUnixTimeMilliseconds());
                }
                else
                {
                    query.UntilMs = Math.Min(query.UntilMs ?? long.MaxValue, at.ToUnixTimeMilliseconds());
                }

                return true;
            case "filter":
                var kind = value.ToLowerInvariant() switch
                {
                    "replies" => TweetKinds.Reply,
                    "retweets" or "nativeretweets" => TweetKinds.Retweet,
                    _ => throw ChirpException.Invalid(Field, $"Unknown filter '{value}'; filter: takes replies or retweets."),
                };
                if (excluded)
                {
                    query.Kinds &= ~kind;
                }
                else
                {
                    query.Kinds &= kind;
                    query.KindsNarrowed = true;
                    retweetsIncluded |= kind == TweetKinds.Retweet;
                }

                return true;
            case "include":
                if (excluded || value.ToLowerInvariant() is not ("retweets" or "nativeretweets"))
                {
                    throw ChirpException.Invalid(Field, "include: takes only retweets.");
                }

                retweetsIncluded = true;
                return true;
            default:
                return false;
        }
    }
}
