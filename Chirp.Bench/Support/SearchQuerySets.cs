using Chirp.Engine;

namespace Chirp.Bench.Support;

/// <summary>
/// Draws the query sets of the <c>search</c> benchmark from the posted corpus texts (seeded): a word, two words of one
/// post, a phrase of two adjacent words of one post, a hashtag of a post, <c>from:</c> a user, and a word of one post
/// minus a word of another. Words come from <see cref="CorpusWords"/>. Each distinct candidate is run once (which
/// also warms the engine up); candidates that find nothing are counted and left out.
/// </summary>
public static class SearchQuerySets
{
    /// <summary>Candidates drawn per query wanted before a form gives up (a form may offer fewer distinct queries).</summary>
    private const int AttemptsPerQuery = 50;

    /// <summary>
    /// Up to <paramref name="perForm"/> queries of each form, run with <paramref name="request"/>. Queries that throw
    /// are counted in <paramref name="failures"/> (the first few are written to <paramref name="log"/>) and left out.
    /// </summary>
    public static IReadOnlyList<SearchQuerySet> Draw(
        ChirpEngine engine, string[] texts, IReadOnlyList<string> usernames, SearchRequest request, int perForm, int seed, TextWriter log, out long failures)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(usernames);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        if (texts.Length == 0)
        {
            throw new ArgumentException("No texts to draw queries from.", nameof(texts));
        }

        string[] tagged = [.. texts.Where(t => TweetText.ExtractHashtags(t).Count > 0)];
        string Post(Random random) => texts[random.Next(texts.Length)];
        var forms = new (string Form, string Example, Func<Random, string?> Candidate)[]
        {
            ("word", "word", random => Pick(random, CorpusWords.Distinct(Post(random)))),
            ("two words", "word word", random => TwoWords(CorpusWords.Distinct(Post(random)), random)),
            ("phrase", "\"word word\"", random => Phrase(CorpusWords.Split(Post(random)), random)),
            ("hashtag", "#tag", random => tagged.Length == 0 ? null : "#" + Pick(random, TweetText.ExtractHashtags(tagged[random.Next(tagged.Length)]))),
            ("from", "from:user", random => usernames.Count == 0 ? null : "from:" + Pick(random, usernames)),
            ("mixed", "word -word", random => WordMinusWord(CorpusWords.Distinct(Post(random)), CorpusWords.Distinct(Post(random)), random)),
        };

        var probe = request with { Limit = 1 };
        var sets = new List<SearchQuerySet>(forms.Length);
        long failed = 0;
        for (int f = 0; f < forms.Length; f++)
        {
            var (form, example, candidate) = forms[f];
            var random = new Random(seed + f);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var kept = new List<string>(perForm);
            int zeroHits = 0;
            for (int attempt = 0; kept.Count < perForm && attempt < perForm * AttemptsPerQuery; attempt++)
            {
                if (candidate(random) is not { } query || !seen.Add(query))
                {
                    continue;
                }

                try
                {
                    if (engine.SearchTweets(query, probe).Items.Count == 0)
                    {
                        zeroHits++;
                    }
                    else
                    {
                        kept.Add(query);
                    }
                }
                catch (ChirpException ex)
                {
                    if (++failed <= 5)
                    {
                        log.WriteLine($"  query {query} failed: {ex.Message}");
                    }
                }
            }

            sets.Add(new SearchQuerySet(form, example, request, [.. kept], seen.Count, zeroHits));
        }

        failures = failed;
        return sets;
    }

    private static string? Pick(Random random, IReadOnlyList<string> items) => items.Count == 0 ? null : items[random.Next(items.Count)];

    private static string? TwoWords(string[] words, Random random)
    {
        if (words.Length < 2)
        {
            return null;
        }

        int first = random.Next(words.Length);
        int second = (first + 1 + random.Next(words.Length - 1)) % words.Length;
        return $"{words[first]} {words[second]}";
    }

    private static string? Phrase(string?[] tokens, Random random)
    {
        var starts = new List<int>();
        for (int i = 0; i + 1 < tokens.Length; i++)
        {
            if (tokens[i] is not null && tokens[i + 1] is not null)
            {
                starts.Add(i);
            }
        }

        if (starts.Count == 0)
        {
            return null;
        }

        int start = starts[random.Next(starts.Count)];
        return $"\"{tokens[start]} {tokens[start + 1]}\"";
    }

    private static string? WordMinusWord(string[] included, string[] others, Random random)
    {
        string[] excluded = [.. others.Except(included, StringComparer.Ordinal)];
        return included.Length == 0 || excluded.Length == 0 ? null : $"{Pick(random, included)} -{Pick(random, excluded)}";
    }
}
