using Chirp.Server.Mastodon;

namespace Chirp.Engine.Tests.Server.Mastodon;

/// <summary>Engine records built by hand, and a mapper over a fixed set of accounts and media.</summary>
internal static class Samples
{
    public const string BaseUrl = "http://127.0.0.1:5000";

    public static readonly DateTimeOffset Created = new(2019, 12, 5, 11, 34, 47, 196, TimeSpan.Zero);

    public static readonly Account Alice = Account(1_000_001, "alice", "Alice A.", "Hi! I <3 #cats & \"dogs\"\nsecond line");

    public static readonly Account Bob = Account(1_000_002, "Bob", "", "");

    public static MastodonUrls Urls { get; } = new(BaseUrl);

    public static Account Account(long id, string username, string displayName, string bio) => new(
        id, username, $"{username.ToLowerInvariant()}@example.com", displayName, bio, Created,
        LastActiveAt: new DateTimeOffset(2020, 1, 2, 23, 30, 0, TimeSpan.FromHours(-5)),
        FollowersCount: 10, FollowingCount: 20, TweetsCount: 30);

    public static Tweet Tweet(long id, long authorId, string text, long? inReplyToId = null, long? inReplyToAuthorId = null, IReadOnlyList<long>? media = null) => new(
        id, authorId, text, Created, EditedAt: null, inReplyToId, inReplyToAuthorId, RetweetOfId: null,
        media ?? [], TweetText.ExtractHashtags(text), TweetText.ExtractMentions(text),
        ReplyCount: 3, LikeCount: 4, RetweetCount: 5, EditCount: 0);

    public static Tweet Retweet(long id, long retweeterId, long originalId) => new(
        id, retweeterId, "", Created.AddMinutes(1), EditedAt: null, InReplyToId: null, InReplyToAuthorId: null, originalId,
        [], [], [], ReplyCount: 0, LikeCount: 0, RetweetCount: 0, EditCount: 0);

    public static MediaAttachmentEntity Media(long id) => new()
    {
        Id = MastodonId.Format(id),
        Type = MediaType.Image,
        Url = $"{BaseUrl}/media/{id}.png",
        PreviewUrl = $"{BaseUrl}/media/{id}.small.png",
        Meta = new MediaMetaEntity { Original = MediaSizeEntity.Of(640, 480) },
        Description = null,
        Blurhash = null,
    };

    /// <summary>A mapper that knows Alice and Bob and media ids below 100.</summary>
    public static EntityMapper Mapper() => new(
        Urls,
        username => username.ToLowerInvariant() switch
        {
            "alice" => Alice,
            "bob" => Bob,
            _ => null,
        },
        id => id < 100 ? Media(id) : null);
}
