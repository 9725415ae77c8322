using System.Globalization;
using Chirp.Engine.Storage;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace Chirp.Engine.Search;

/// <summary>Turning records into documents. Indexer thread only: the buffers are reused.</summary>
internal sealed partial class ShardIndex
{
    private readonly List<SearchToken> _tokens = [];
    private readonly ReusedFields _fields = new();

    /// <summary>
    /// Adds or replaces a tweet, reply or retweet; a deleted one is removed. <paramref name="isNew"/> says the index
    /// cannot hold it yet, which saves the delete-by-id that a replacement costs (a term lookup in every segment at
    /// the next refresh: most of the indexing cost when every document paid it).
    /// </summary>
    public void IndexTweet(TweetRecord tweet, string? authorUsername, bool isNew)
    {
        string id = tweet.Id.ToString(CultureInfo.InvariantCulture);
        if (tweet.Deleted)
        {
            _writer.DeleteDocuments(new Term(SearchFields.Id, id));
            return;
        }

        string kind = tweet.RetweetOfId != 0 ? SearchFields.KindRetweet : tweet.InReplyToId != 0 ? SearchFields.KindReply : SearchFields.KindPost;
        var document = _fields.Start();
        _fields.AddString(SearchFields.Id, id);
        _fields.AddSortValue(SearchFields.Order, tweet.Id);
        _fields.AddString(SearchFields.Kind, kind);
        _fields.AddString(SearchFields.AuthorId, tweet.AuthorId.ToString(CultureInfo.InvariantCulture));
        _fields.AddRangeValue(SearchFields.CreatedAt, SnowflakeId.TimeOf(tweet.Id).ToUnixTimeMilliseconds());
        if (authorUsername is not null)
        {
            _fields.AddString(SearchFields.AuthorName, authorUsername.ToLowerInvariant());
        }

        if (tweet.RetweetOfId != 0)
        {
            _fields.AddString(SearchFields.RetweetKey, SearchFields.RetweetKeyOf(tweet.AuthorId, tweet.RetweetOfId));
        }
        else
        {
            TweetAnalysis.Current.Tokenize(tweet.Text, _tokens);
            _fields.AddWords(_tokens);
            foreach (string hashtag in tweet.Hashtags)
            {
                _fields.AddString(SearchFields.Hashtag, hashtag);
            }

            foreach (string mention in tweet.Mentions)
            {
                _fields.AddString(SearchFields.Mention, mention);
            }
        }

        Write(id, document, isNew);
    }

    /// <summary>Removes a tweet or reply by id.</summary>
    public void DeleteTweet(long tweetId) =>
        _writer.DeleteDocuments(new Term(SearchFields.Id, tweetId.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Removes a user's retweet of a tweet (undoing a retweet names only the two).</summary>
    public void DeleteRetweet(long userId, long originalId) =>
        _writer.DeleteDocuments(new Term(SearchFields.RetweetKey, SearchFields.RetweetKeyOf(userId, originalId)));

    /// <summary>Adds or replaces a user, found by username or display-name prefix (see <see cref="IndexTweet"/> on <paramref name="isNew"/>).</summary>
    public void IndexUser(UserRecord user, bool isNew)
    {
        string id = user.Id.ToString(CultureInfo.InvariantCulture);
        string username = user.Username.ToLowerInvariant();
        var document = _fields.Start();
        _fields.AddString(SearchFields.Id, id);
        _fields.AddSortValue(SearchFields.Order, user.Id);
        _fields.AddString(SearchFields.Kind, SearchFields.KindUser);
        _fields.AddString(SearchFields.Username, username);
        _fields.AddSortValue(SearchFields.UsernameLength, username.Length);
        TweetAnalysis.Current.Tokenize(user.DisplayName, _tokens);
        foreach (var token in _tokens)
        {
            _fields.AddString(SearchFields.DisplayName, token.Term);
        }

        Write(id, document, isNew);
    }

    private void Write(string id, Document document, bool isNew)
    {
        if (isNew)
        {
            _writer.AddDocument(document);
        }
        else
        {
            _writer.UpdateDocument(new Term(SearchFields.Id, id), document);
        }
    }
}
