using Chirp.Engine.Commands;

namespace Chirp.Engine.Tests.Replication;

/// <summary>
/// Turns random operations into prepared commands for a two-shard engine: every id, time, request id and threshold is
/// fixed here, as prepare on a leader would fix them, so the same plan can be applied anywhere. Operations that make
/// no sense (an edit by someone else, a like of a deleted tweet) are kept: refusals must be deterministic too.
/// </summary>
internal sealed class CommandPlan
{
    public const int Shards = 2;

    private static readonly string[] Texts = ["hello #tag @u1", "plain words", "#a #b", "emoji 🐦 #Café", "@u2 hi"];

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<(long Id, int Shard)> _users = [];
    private readonly List<(long Id, long AuthorId, int Shard)> _tweets = [];
    private readonly long[] _sequence = new long[Shards];
    private long _atMs;

    /// <summary>Each shard's commands, in the order its log must hold them.</summary>
    public List<ShardCommand>[] ByShard { get; } = [[], []];

    /// <summary>Every user and tweet id the plan made, to compare answers.</summary>
    public IEnumerable<long> UserIds => _users.Select(u => u.Id);

    public List<long> TweetIds { get; } = [];

    public static CommandPlan From(IEnumerable<(byte Kind, byte A, byte B)> operations)
    {
        var plan = new CommandPlan();
        int step = 0;
        foreach (var (kind, a, b) in operations)
        {
            plan._atMs = Start.AddSeconds(++step).ToUnixTimeMilliseconds();
            plan.Add(kind % 14, a, b);
        }

        return plan;
    }

    private void Add(int kind, byte a, byte b)
    {
        if (kind == 0 || _users.Count == 0)
        {
            int shard = a % Shards;
            long id = Mint(shard);
            _users.Add((id, shard));
            Emit(shard, new CreateAccount { UserId = id, Username = "u" + _users.Count, Email = $"u{_users.Count}@example.com", DisplayName = "U", Bio = "" }, b);
            return;
        }

        var user = _users[a % _users.Count];
        if (kind is 1 or 2 || _tweets.Count == 0)
        {
            long id = Mint(user.Shard);
            _tweets.Add((id, user.Id, user.Shard));
            TweetIds.Add(id);
            Emit(user.Shard, NewTweet(id, user.Id, Texts[b % Texts.Length], 0), b);
            return;
        }

        var tweet = _tweets[b % _tweets.Count];
        switch (kind)
        {
            case 3:
                long replyId = Mint(tweet.Shard);
                _tweets.Add((replyId, user.Id, tweet.Shard));
                TweetIds.Add(replyId);
                Emit(tweet.Shard, NewTweet(replyId, user.Id, "re: " + Texts[a % Texts.Length], tweet.Id), b);
                break;
            case 4:
                Emit(tweet.Shard, new EditTweet { TweetId = tweet.Id, ActorId = user.Id, Text = "edited #e", Hashtags = ["e"], KeepMedia = true }, b);
                break;
            case 5:
                Emit(tweet.Shard, new DeleteTweet { TweetId = tweet.Id, ActorId = user.Id }, b);
                break;
            case 6:
                Emit(user.Shard, new Like { UserId = user.Id, TweetId = tweet.Id, EdgeId = Mint(user.Shard) }, b);
                break;
            case 7:
                Emit(user.Shard, new Unlike { UserId = user.Id, TweetId = tweet.Id }, b);
                break;
            case 8:
                long retweetId = Mint(user.Shard);
                TweetIds.Add(retweetId);
                Emit(user.Shard, new Retweet { UserId = user.Id, OriginalId = tweet.Id, RetweetId = retweetId, OriginalAuthorId = tweet.AuthorId, CelebrityThreshold = 2 }, b);
                break;
            case 9:
                Emit(user.Shard, new UndoRetweet { UserId = user.Id, OriginalId = tweet.Id }, b);
                break;
            case 10:
                var followee = _users[b % _users.Count];
                Emit(user.Shard, new Follow { FollowerId = user.Id, FolloweeId = followee.Id, EdgeId = Mint(user.Shard) }, b);
                break;
            case 11:
                Emit(user.Shard, new Unfollow { FollowerId = user.Id, FolloweeId = _users[b % _users.Count].Id }, b);
                break;
            case 12:
                Emit(a % Shards, new AcknowledgeOutbox
                {
                    Delivered = [b % 4 + 1],
                    Refused = [new OutboxRefusal { Sequence = b % 4 + 2, Code = "not_found", Reason = "gone" }],
                }, b);
                break;
            default:
                Emit(a % Shards, new PruneRequests { BeforeMs = _atMs - (b % 6 * 1000) }, b);
                break;
        }
    }

    private static CreateTweet NewTweet(long id, long authorId, string text, long inReplyToId) => new()
    {
        TweetId = id,
        AuthorId = authorId,
        Text = text,
        Hashtags = [.. TweetText.ExtractHashtags(text)],
        Mentions = [.. TweetText.ExtractMentions(text)],
        InReplyToId = inReplyToId,
        CelebrityThreshold = 2,
    };

    /// <summary>Some commands carry one of a few request ids, so repeats (and their stored first results) occur.</summary>
    private void Emit(int shard, ShardCommand command, byte b) =>
        ByShard[shard].Add(command with
        {
            AtMs = _atMs,
            RequestId = b % 3 == 0 ? new Guid(b % 4 + 1, 0, 0, [0, 0, 0, 0, 0, 0, 0, 1]) : Guid.Empty,
        });

    private long Mint(int shard) =>
        SnowflakeId.Compose(SnowflakeId.MillisecondsSinceEpoch(DateTimeOffset.FromUnixTimeMilliseconds(_atMs)), shard, _sequence[shard]++);
}
