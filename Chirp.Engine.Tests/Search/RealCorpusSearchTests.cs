using System.Collections.Concurrent;
using Chirp.Bench.Data;
using Chirp.Engine.Search;
using Chirp.Engine.Tests.Support;
using Xunit.Abstractions;

namespace Chirp.Engine.Tests.Search;

/// <summary>
/// Indexes real posts from the shared corpus (with some edits and deletes) and checks queries drawn from them against a
/// brute-force scan of the same posts under the same rules: the same hits, newest first.
/// </summary>
/// <remarks>
/// The scan shares the word analysis and the query parser with the engine (their rules are tested by hand in
/// <see cref="TweetAnalysisTests"/> and <see cref="TweetSearchTests"/>); it checks everything after them: the
/// documents, the Lucene queries, the change feed, the merge over shards, paging and hydration.
/// </remarks>
public sealed class RealCorpusSearchTests(ITestOutputHelper output)
{
    private const int Posts = 20_000;
    private const int Users = 300;
    private const int QueriesPerForm = 12;

    [SkippableFact]
    public async Task Queries_on_the_real_corpus_match_a_brute_force_scan()
    {
        var corpus = TweetCorpusFile.Default();
        Skip.IfNot(File.Exists(corpus.Path), $"The shared data file {corpus.Path} is not on this machine.");
        string[] texts = corpus.LoadValidTexts(Posts);

        using var temp = new TempEngine(shards: 4);
        var engine = temp.Engine;
        var users = new List<Account>();
        for (int i = 0; i < Users; i++)
        {
            users.Add(await temp.UserAsync($"u{i}"));
        }

        var posts = new ConcurrentDictionary<long, ScanPost>();
        await Parallel.ForEachAsync(Enumerable.Range(0, texts.Length), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var author = users[i % Users];
            var tweet = await engine.CreateTweetAsync(author.Id, texts[i]);
            posts[tweet.Id] = ScanPost.Of(tweet.Id, author.Username, texts[i]);
        });

        var random = new Random(2024);
        var ids = posts.Keys.Order().ToArray();
        random.Shuffle(ids);
        foreach (long id in ids[..400])
        {
            var post = posts[id];
            if (random.Next(2) == 0)
            {
                await engine.DeleteTweetAsync(users[int.Parse(post.Author[1..], System.Globalization.CultureInfo.InvariantCulture)].Id, id);
                posts.TryRemove(id, out _);
            }
            else
            {
                string text = texts[random.Next(texts.Length)];
                await engine.EditTweetAsync(users[int.Parse(post.Author[1..], System.Globalization.CultureInfo.InvariantCulture)].Id, id, text);
                posts[id] = ScanPost.Of(id, post.Author, text);
            }
        }

        await engine.WaitForSearchAsync();
        var queries = DrawQueries(posts.Values.ToArray(), new Random(99));
        int checkedHits = 0;
        foreach (string query in queries)
        {
            var parsed = SearchQueryParser.Parse(query);
            var expected = posts.Values.Where(p => p.Matches(parsed)).Select(p => p.Id).OrderDescending().ToList();
            var found = SearchReference.WalkSearch(engine, query);
            Assert.True(expected.SequenceEqual(found), $"'{query}': the scan has {expected.Count} hits, search {found.Count}; " +
                $"missing {string.Join(',', expected.Except(found).Take(5))}, extra {string.Join(',', found.Except(expected).Take(5))}");
            checkedHits += expected.Count;
        }

        output.WriteLine($"{queries.Count} queries over {posts.Count} posts agree with the scan ({checkedHits} hits in all)");
    }

    private static List<string> DrawQueries(ScanPost[] posts, Random random)
    {
        var queries = new List<string>();
        var withWords = posts.Where(p => p.Words.Count >= 3).ToArray();
        var withTags = posts.Where(p => p.Hashtags.Count > 0).ToArray();
        var withMentions = posts.Where(p => p.Mentions.Count > 0).ToArray();
        for (int i = 0; i < QueriesPerForm; i++)
        {
            var post = random.GetItems(withWords, 1)[0];
            var words = post.Words;
            int at = random.Next(words.Count - 1);
            queries.Add(Quote(words[at].Term));
            queries.Add($"{Quote(words[at].Term)} {Quote(words[at + 1].Term)}");
            if (words[at + 1].Position == words[at].Position + 1)
            {
                queries.Add($"\"{words[at].Term} {words[at + 1].Term}\"");
            }

            queries.Add($"{Quote(words[at].Term)} -{Quote(words[random.Next(words.Count)].Term)}");
            queries.Add($"from:{post.Author} {Quote(words[0].Term)}");
            if (withTags.Length > 0)
            {
                var tagged = random.GetItems(withTags, 1)[0];
                queries.Add("#" + tagged.Hashtags[0]);
            }

            if (withMentions.Length > 0)
            {
                var mentioning = random.GetItems(withMentions, 1)[0];
                queries.Add("@" + mentioning.Mentions[0]);
            }
        }

        queries.Add("the");
        queries.Add("lol -the");
        return [.. queries.Distinct()];
    }

    /// <summary>Quotes a word that the query language would otherwise read as an operator or exclusion.</summary>
    private static string Quote(string word) => word.Contains(':') || word.StartsWith('-') ? $"\"{word}\"" : word;

    private sealed record ScanPost(long Id, string Author, List<SearchToken> Words, IReadOnlyList<string> Hashtags, IReadOnlyList<string> Mentions)
    {
        public static ScanPost Of(long id, string author, string text)
        {
            string normalized = TweetText.Normalize(text, 0);
            return new ScanPost(id, author, TweetAnalysis.Current.Tokenize(normalized), TweetText.ExtractHashtags(normalized), TweetText.ExtractMentions(normalized));
        }

        public bool Matches(SearchQuery query) =>
            query.Items.All(item => Has(item) != item.Excluded)
            && query.FromUsers.All(u => u == Author)
            && !query.ExcludedFromUsers.Contains(Author);

        private bool Has(QueryItem item) =>
            item.Hashtags.All(Hashtags.Contains) && item.Mentions.All(Mentions.Contains) && HasPhrase(item.Words);

        private bool HasPhrase(IReadOnlyList<SearchToken> phrase)
        {
            if (phrase.Count == 0)
            {
                return true;
            }

            var at = Words.ToDictionary(w => w.Position, w => w.Term);
            return Words.Any(start => start.Term == phrase[0].Term
                && phrase.All(w => at.TryGetValue(start.Position + w.Position - phrase[0].Position, out string? term) && term == w.Term));
        }
    }
}
