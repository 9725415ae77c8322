namespace Chirp.Engine.Search;

/// <summary>The fields of the search index. Changing a name or a meaning needs a new <see cref="ShardIndex.FormatVersion"/>.</summary>
internal static class SearchFields
{
    /// <summary>The tweet or user id as a decimal string: the key that updates and deletes go by.</summary>
    public const string Id = "id";

    /// <summary>The tweet or user id as a number, for sorting and cursors.</summary>
    public const string Order = "order";

    /// <summary>What the document is: <see cref="KindPost"/>, <see cref="KindReply"/>, <see cref="KindRetweet"/> or <see cref="KindUser"/>.</summary>
    public const string Kind = "kind";

    public const string KindPost = "post";
    public const string KindReply = "reply";
    public const string KindRetweet = "retweet";
    public const string KindUser = "user";

    /// <summary>The words of the text (see <see cref="TweetAnalysis"/>).</summary>
    public const string Text = "text";

    /// <summary>Hashtags, lower-cased, without '#'.</summary>
    public const string Hashtag = "tag";

    /// <summary>Mentioned usernames, lower-cased, without '@'.</summary>
    public const string Mention = "mention";

    /// <summary>The author's id.</summary>
    public const string AuthorId = "author";

    /// <summary>The author's username, lower-cased.</summary>
    public const string AuthorName = "from";

    /// <summary>Creation time, Unix milliseconds.</summary>
    public const string CreatedAt = "created";

    /// <summary>For a retweet: "retweeter:original", which is all that undoing a retweet names.</summary>
    public const string RetweetKey = "retweet_of";

    /// <summary>For a user: the username, lower-cased.</summary>
    public const string Username = "username";

    /// <summary>For a user: the username's length, so that shorter (closer) matches come first.</summary>
    public const string UsernameLength = "username_length";

    /// <summary>For a user: the words of the display name.</summary>
    public const string DisplayName = "display_name";

    public static string RetweetKeyOf(long userId, long originalId) => $"{userId}:{originalId}";
}
