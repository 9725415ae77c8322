using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Chirp.Engine.Search;

/// <summary>The Lucene form of a parsed query.</summary>
internal sealed partial class SearchQuery
{
    /// <summary>
    /// Every item, from: and date bound is required (or forbidden); the kinds and dates only filter, so they add
    /// nothing to the score.
    /// </summary>
    public Query ToLucene()
    {
        var root = new BooleanQuery();
        foreach (var item in Items)
        {
            if (item.Excluded)
            {
                var all = new BooleanQuery();
                AddParts(all, item);
                root.Add(all, Occur.MUST_NOT);
            }
            else
            {
                AddParts(root, item);
            }
        }

        foreach (string user in FromUsers)
        {
            root.Add(new TermQuery(new Term(SearchFields.AuthorName, user)), Occur.MUST);
        }

        foreach (string user in ExcludedFromUsers)
        {
            root.Add(new TermQuery(new Term(SearchFields.AuthorName, user)), Occur.MUST_NOT);
        }

        if (SinceMs is not null || UntilMs is not null)
        {
            root.Add(Filter(NumericRangeQuery.NewInt64Range(SearchFields.CreatedAt, SinceMs, UntilMs, true, false)), Occur.MUST);
        }

        // Only posts and replies have words, hashtags and mentions, so a query that requires one needs no kind clause
        // unless it narrows to one of the two (each clause costs a term lookup in every segment).
        bool byContent = Items.Any(i => !i.Excluded);
        if (!byContent || (Kinds & (TweetKinds.Post | TweetKinds.Reply)) != (TweetKinds.Post | TweetKinds.Reply))
        {
            var kinds = new BooleanQuery();
            AddKind(kinds, TweetKinds.Post, SearchFields.KindPost);
            AddKind(kinds, TweetKinds.Reply, SearchFields.KindReply);
            AddKind(kinds, byContent ? TweetKinds.None : TweetKinds.Retweet, SearchFields.KindRetweet);
            root.Add(Filter(kinds), Occur.MUST);
        }

        return root;
    }

    private static void AddParts(BooleanQuery into, QueryItem item)
    {
        if (item.Words.Count == 1)
        {
            into.Add(new TermQuery(new Term(SearchFields.Text, item.Words[0].Term)), Occur.MUST);
        }
        else if (item.Words.Count > 1)
        {
            var phrase = new PhraseQuery();
            int first = item.Words[0].Position;
            foreach (var word in item.Words)
            {
                phrase.Add(new Term(SearchFields.Text, word.Term), word.Position - first);
            }

            into.Add(phrase, Occur.MUST);
        }

        foreach (string hashtag in item.Hashtags)
        {
            into.Add(new TermQuery(new Term(SearchFields.Hashtag, hashtag)), Occur.MUST);
        }

        foreach (string mention in item.Mentions)
        {
            into.Add(new TermQuery(new Term(SearchFields.Mention, mention)), Occur.MUST);
        }
    }

    private void AddKind(BooleanQuery kinds, TweetKinds kind, string value)
    {
        if ((Kinds & kind) != 0 && kind != TweetKinds.None)
        {
            kinds.Add(new TermQuery(new Term(SearchFields.Kind, value)), Occur.SHOULD);
        }
    }

    private static ConstantScoreQuery Filter(Query query) => new(query) { Boost = 0 };
}
