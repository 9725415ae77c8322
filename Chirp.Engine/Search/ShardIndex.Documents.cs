using System.Globalization;
using Chirp.Engine.Storage;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Chirp.Engine.Search;

/// <summary>Turning records into documents. Indexer thread only: the buffers are reused.</summary>
internal sealed partial class ShardIndex
{
    private readonly List<SearchToken> _tokens = [];
    private readonly TokenListStream _words = new();

    /// <summary>Adds or replaces a tweet, reply or retweet; a deleted one is removed.</summary>
    public void IndexTweet(TweetRecord tweet, string? authorUsername)
    {
        string id = tweet.Id.ToString(CultureInfo.InvariantCulture);
        if (tweet.Deleted)
        {
            _writer.DeleteDocuments(new Term(SearchFields.Id, id));
            return;
        }

        string kind = tweet.RetweetOfId != 0 ? SearchFields.KindRetweet : tweet.InReplyToId != 0 ? SearchFields.KindReply : SearchFields.KindPost;
        var document = new Document
        {
            new StringField(SearchFields.Id, id, Field.Store.NO),
            new NumericDocValuesField(SearchFields.Order, tweet.Id),
            new StringField(SearchFields.Kind, kind, Field.Store.NO),
            new StringField(SearchFields.AuthorId, tweet.AuthorId.ToString(CultureInfo.InvariantCulture), Field.Store.NO),
            new Int64Field(SearchFields.CreatedAt, SnowflakeId.TimeOf(tweet.Id).ToUnixTimeMilliseconds(), Field.Store.NO),
        };
        if (authorUsername is not null)
        {
            document.Add(new StringField(SearchFields.AuthorName, authorUsername.ToLowerInvariant(), Field.Store.NO));
        }

        if (tweet.RetweetOfId != 0)
        {
            document.Add(new StringField(SearchFields.RetweetKey, SearchFields.RetweetKeyOf(tweet.AuthorId, tweet.RetweetOfId), Field.Store.NO));
        }
        else
        {
            TweetAnalysis.Current.Tokenize(tweet.Text, _tokens);
            document.Add(new TextField(SearchFields.Text, _words.Use(_tokens)));
            foreach (string hashtag in tweet.Hashtags)
            {
                document.Add(new StringField(SearchFields.Hashtag, hashtag, Field.Store.NO));
            }

            foreach (string mention in tweet.Mentions)
            {
                document.Add(new StringField(SearchFields.Mention, mention, Field.Store.NO));
            }
        }

        _writer.UpdateDocument(new Term(SearchFields.Id, id), document);
    }

    /// <summary>Removes a tweet or reply by id.</summary>
    public void DeleteTweet(long tweetId) =>
        _writer.DeleteDocuments(new Term(SearchFields.Id, tweetId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Removes a user's retweet of a tweet (undoing a retweet names only the two).</summary>
    public void DeleteRetweet(long userId, long originalId) =>
        _writer.DeleteDocuments(new Term(SearchFields.RetweetKey, SearchFields.RetweetKeyOf(userId, originalId)));

    /// <summary>Adds or replaces a user, found by username or display-name prefix.</summary>
    public void IndexUser(UserRecord user)
    {
        string id = user.Id.ToString(CultureInfo.InvariantCulture);
        string username = user.Username.ToLowerInvariant();
        var document = new Document
        {
            new StringField(SearchFields.Id, id, Field.Store.NO),
            new NumericDocValuesField(SearchFields.Order, user.Id),
            new StringField(SearchFields.Kind, SearchFields.KindUser, Field.Store.NO),
            new StringField(SearchFields.Username, username, Field.Store.NO),
            new NumericDocValuesField(SearchFields.UsernameLength, username.Length),
        };
        TweetAnalysis.Current.Tokenize(user.DisplayName, _tokens);
        foreach (var token in _tokens)
        {
            document.Add(new StringField(SearchFields.DisplayName, token.Term, Field.Store.NO));
        }

        _writer.UpdateDocument(new Term(SearchFields.Id, id), document);
    }
}
