using System.Globalization;

namespace Chirp.Engine.Tests.Crash;

/// <summary>
/// What the crash writers acknowledged, over every run on one directory, and the checks of an engine opened after a
/// kill against it. Follow state is kept per pair as the last acknowledged state, plus the attempt in flight when the
/// writer died (announced by a TRY line and never acknowledged), which may or may not have been applied.
/// </summary>
internal sealed class AcknowledgedModel
{
    private const int MaxReportedProblems = 40;
    private const int PageSize = PageRequest.MaxLimit;

    private readonly Dictionary<long, string> _accounts = [];
    private readonly Dictionary<long, AckedTweet> _tweets = [];
    private readonly HashSet<(long User, long Tweet)> _likes = [];
    private readonly Dictionary<(long User, long Original), long> _retweets = [];
    private readonly Dictionary<(long Follower, long Followee), FollowState> _follows = [];

    public int Acknowledged { get; private set; }

    public IEnumerable<long> AccountIds => _accounts.Keys;

    public int CutLines { get; private set; }

    /// <summary>Follow attempts that were in flight at a kill, resolved by what the engine showed afterwards.</summary>
    public int InFlightFollows { get; private set; }

    /// <summary>Takes in one writer run's lines, in the order printed; returns the FAIL lines.</summary>
    public List<string> Add(IEnumerable<string> lines)
    {
        var failures = new List<string>();
        foreach (string line in lines)
        {
            if (line.StartsWith("FAIL", StringComparison.Ordinal))
            {
                failures.Add(line);
                continue;
            }

            string[] f = line.Split(' ');
            if (f.Length < 2 || f[^1] != CrashProtocol.LineEnd)
            {
                // Cut short by the kill: the writer had not finished saying it, so nothing is promised.
                CutLines++;
                continue;
            }

            switch (f[0], f[1])
            {
                case ("START", _):
                    break;
                case ("ACK", "account"):
                    _accounts[L(f[2])] = f[3];
                    break;
                case ("ACK", "tweet"):
                    _tweets[L(f[2])] = new AckedTweet(L(f[3]), null, f[4]);
                    break;
                case ("ACK", "reply"):
                    _tweets[L(f[2])] = new AckedTweet(L(f[3]), L(f[4]), f[5]);
                    break;
                case ("ACK", "like"):
                    _likes.Add((L(f[2]), L(f[3])));
                    break;
                case ("ACK", "retweet"):
                    long entry = L(f[4]);
                    if (_retweets.TryGetValue((L(f[2]), L(f[3])), out long known) && known != entry)
                    {
                        failures.Add($"retweeting twice gave two entries: {line} (first {known})");
                    }

                    _retweets[(L(f[2]), L(f[3]))] = entry;
                    break;
                case ("TRY", "follow" or "unfollow"):
                    Follow(f).Pending = f[1] == "follow";
                    break;
                case ("ACK", "follow" or "unfollow"):
                    var state = Follow(f);
                    state.Following = f[1] == "follow";
                    state.Pending = null;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown writer line: {line}");
            }

            if (f[0] == "ACK")
            {
                Acknowledged++;
            }
        }

        return failures;
    }

    /// <summary>
    /// Checks the acknowledged writes on the writer's side, resolves follow attempts in flight to what the engine shows,
    /// then flushes the outbox and checks both sides of every edge, the counts and the change feeds. Returns the problems.
    /// </summary>
    public async Task<List<string>> VerifyAsync(ChirpEngine engine, TimeSpan flushTimeout)
    {
        var problems = new List<string>();
        void Problem(string message)
        {
            if (problems.Count < MaxReportedProblems)
            {
                problems.Add(message);
            }
        }

        CheckAcknowledged(engine, Problem);

        using (var timeout = new CancellationTokenSource(flushTimeout))
        {
            try
            {
                await engine.FlushOutboxAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Problem($"the outbox did not drain within {flushTimeout}: depth {engine.GetOutboxDepth()}");
                return problems;
            }
        }

        if (engine.GetOutboxDepth() != 0)
        {
            Problem($"outbox depth {engine.GetOutboxDepth()} after a flush");
        }

        foreach (var letter in engine.GetDeadLetters())
        {
            Problem($"dead letter: {letter}");
        }

        var feeds = ReadFeeds(engine, Problem);
        CheckFollowGraph(engine, feeds, Problem);
        CheckEngagement(engine, feeds, Problem);
        CheckAuthorsAndReplies(engine, feeds, Problem);
        return problems;
    }

    public string Describe() =>
        $"{_accounts.Count} accounts, {_tweets.Count} tweets and replies, {_likes.Count} likes, {_retweets.Count} retweets, " +
        $"{_follows.Count(p => p.Value.Following)} of {_follows.Count} follow pairs following";

    private void CheckAcknowledged(ChirpEngine engine, Action<string> problem)
    {
        foreach (var (id, username) in _accounts)
        {
            var account = engine.GetAccount(id);
            if (account is null || account.Username != username)
            {
                problem($"acknowledged account {id} '{username}' reads back as {account?.Username ?? "nothing"}");
            }
        }

        foreach (var (id, acked) in _tweets)
        {
            var tweet = engine.GetTweet(id);
            if (tweet is null)
            {
                problem($"acknowledged tweet {id} of {acked.AuthorId} is missing");
            }
            else if (tweet.AuthorId != acked.AuthorId || tweet.InReplyToId != acked.ParentId || CrashProtocol.Hash(tweet.Text) != acked.TextHash)
            {
                problem($"acknowledged tweet {id} reads back as author {tweet.AuthorId}, parent {tweet.InReplyToId}, text '{tweet.Text}'; acknowledged author {acked.AuthorId}, parent {acked.ParentId}, hash {acked.TextHash}");
            }
        }

        foreach (var (user, tweet) in _likes)
        {
            if (!engine.HasLiked(user, [tweet])[0])
            {
                problem($"acknowledged like of {tweet} by {user} is missing on the user's side");
            }
        }

        foreach (var ((user, original), entryId) in _retweets)
        {
            var entry = engine.GetTweet(entryId);
            if (!engine.HasRetweeted(user, [original])[0] || entry is null || entry.AuthorId != user || entry.RetweetOfId != original)
            {
                problem($"acknowledged retweet {entryId} of {original} by {user} is missing or wrong: {entry}");
            }
        }

        foreach (var ((follower, followee), state) in _follows)
        {
            bool actual = engine.IsFollowing(follower, [followee])[0];
            bool possible = actual == state.Following || actual == state.Pending;
            if (!possible)
            {
                problem($"{follower} follows {followee}: {actual}; last acknowledged {state.Following}" +
                    (state.Pending is null ? "" : $", in flight {state.Pending}"));
            }

            // An attempt cut by the kill either happened or did not; from here on the engine's answer is the state.
            if (state.Pending is not null)
            {
                InFlightFollows++;
            }

            state.Following = actual;
            state.Pending = null;
        }
    }

    /// <summary>Reads every shard's change feed, checking positions run 1..applied position with no gap.</summary>
    private static List<ChangeEntry> ReadFeeds(ChirpEngine engine, Action<string> problem)
    {
        var all = new List<ChangeEntry>();
        for (int shard = 0; shard < engine.ShardCount; shard++)
        {
            long applied = engine.GetAppliedPosition(shard);
            long expected = 1;
            while (true)
            {
                var changes = engine.ReadChanges(shard, expected - 1, 10_000);
                if (changes.Count == 0)
                {
                    break;
                }

                foreach (var change in changes)
                {
                    if (change.Position != expected)
                    {
                        problem($"shard {shard} change feed has position {change.Position} where {expected} was due");
                    }

                    expected = change.Position + 1;
                }

                all.AddRange(changes);
            }

            if (expected - 1 != applied)
            {
                problem($"shard {shard} change feed ends at {expected - 1} but the applied position is {applied}");
            }
        }

        return all;
    }

    private void CheckFollowGraph(ChirpEngine engine, List<ChangeEntry> feeds, Action<string> problem)
    {
        var followingEdges = new HashSet<(long, long)>();
        var followerEdges = new HashSet<(long, long)>();
        foreach (long user in feeds.Where(c => c.Kind == ChangeKind.AccountCreated).Select(c => c.SubjectId))
        {
            var account = engine.GetAccount(user);
            if (account is null)
            {
                problem($"account {user} of the change feed is missing");
                continue;
            }

            var following = All(page => engine.GetFollowing(user, page));
            var followers = All(page => engine.GetFollowers(user, page));
            if (account.FollowingCount != following.Count || account.FollowersCount != followers.Count)
            {
                problem($"account {user} counts {account.FollowingCount} following and {account.FollowersCount} followers, lists have {following.Count} and {followers.Count}");
            }

            followingEdges.UnionWith(following.Select(e => (user, e.UserId)));
            followerEdges.UnionWith(followers.Select(e => (e.UserId, user)));
        }

        foreach (var (follower, followee) in followingEdges.Except(followerEdges))
        {
            problem($"{follower} follows {followee} on the follower's side only");
        }

        foreach (var (follower, followee) in followerEdges.Except(followingEdges))
        {
            problem($"{follower} follows {followee} on the followee's side only");
        }

        foreach (var (pair, state) in _follows)
        {
            if (state.Following != followerEdges.Contains(pair))
            {
                problem($"follow {pair.Follower} -> {pair.Followee} is {state.Following} on the follower's side but not on the followee's");
            }
        }
    }

    private void CheckEngagement(ChirpEngine engine, List<ChangeEntry> feeds, Action<string> problem)
    {
        var accounts = feeds.Where(c => c.Kind == ChangeKind.AccountCreated).Select(c => c.SubjectId).ToList();
        var tweets = feeds.Where(c => c.Kind == ChangeKind.TweetCreated).Select(c => c.SubjectId).ToList();

        var userLikes = new HashSet<(long, long)>();
        foreach (long user in accounts)
        {
            userLikes.UnionWith(AllTweets(page => engine.GetLikedTweets(user, page)).Select(t => (user, t.Id)));
        }

        // The workload never undoes a retweet, so the feeds' Retweeted entries are every retweet on the users' side.
        var userRetweets = feeds.Where(c => c.Kind == ChangeKind.Retweeted).Select(c => (c.ActorId, c.TargetId)).ToHashSet();
        var tweetLikes = new HashSet<(long, long)>();
        var tweetRetweets = new HashSet<(long, long)>();
        foreach (long id in tweets)
        {
            var tweet = engine.GetTweet(id);
            if (tweet is null)
            {
                problem($"tweet {id} of the change feed is missing");
                continue;
            }

            var likers = All(page => engine.GetLikers(id, page));
            var retweeters = All(page => engine.GetRetweeters(id, page));
            if (tweet.LikeCount != likers.Count || tweet.RetweetCount != retweeters.Count)
            {
                problem($"tweet {id} counts {tweet.LikeCount} likes and {tweet.RetweetCount} retweets, lists have {likers.Count} and {retweeters.Count}");
            }

            tweetLikes.UnionWith(likers.Select(e => (e.UserId, id)));
            tweetRetweets.UnionWith(retweeters.Select(e => (e.UserId, id)));
        }

        CompareSides("like", userLikes, tweetLikes, problem);
        CompareSides("retweet", userRetweets, tweetRetweets, problem);
        foreach (var like in _likes.Where(l => !tweetLikes.Contains(l)))
        {
            problem($"acknowledged like of {like.Tweet} by {like.User} is missing on the tweet's side");
        }

        foreach (var retweet in _retweets.Keys.Where(r => !tweetRetweets.Contains(r)))
        {
            problem($"acknowledged retweet of {retweet.Original} by {retweet.User} is missing on the tweet's side");
        }
    }

    private void CheckAuthorsAndReplies(ChirpEngine engine, List<ChangeEntry> feeds, Action<string> problem)
    {
        var authored = new HashSet<(long Author, long Tweet)>();
        foreach (long user in feeds.Where(c => c.Kind == ChangeKind.AccountCreated).Select(c => c.SubjectId))
        {
            var own = AllTweets(page => engine.GetUserTweets(user, page));
            long count = engine.GetAccount(user)?.TweetsCount ?? -1;
            if (count != own.Count)
            {
                problem($"account {user} counts {count} tweets, its list has {own.Count}");
            }

            authored.UnionWith(own.Select(t => (user, t.Id)));
        }

        var created = feeds.Where(c => c.Kind is ChangeKind.TweetCreated or ChangeKind.Retweeted).Select(c => (c.ActorId, c.SubjectId)).ToHashSet();
        CompareSides("authored tweet", created, authored, problem);
        foreach (var (id, acked) in _tweets.Where(t => !authored.Contains((t.Value.AuthorId, t.Key))))
        {
            problem($"acknowledged tweet {id} is missing from the list of its author {acked.AuthorId}");
        }

        foreach (var group in feeds.Where(c => c.Kind == ChangeKind.TweetCreated && c.TargetId != 0).GroupBy(c => c.TargetId))
        {
            var replies = new List<long>();
            long? after = null;
            do
            {
                var page = engine.GetReplies(group.Key, after, PageSize);
                replies.AddRange(page.Items.Select(t => t.Id));
                after = page.NextMaxId;
            }
            while (after is not null);

            var expected = group.Select(c => c.SubjectId).Order().ToList();
            long count = engine.GetTweet(group.Key)?.ReplyCount ?? -1;
            if (!replies.Order().SequenceEqual(expected) || count != expected.Count)
            {
                problem($"tweet {group.Key} has {expected.Count} replies in the feed, {replies.Count} listed, count {count}");
            }
        }
    }

    private static void CompareSides(string what, HashSet<(long, long)> userSide, HashSet<(long, long)> otherSide, Action<string> problem)
    {
        foreach (var (user, id) in userSide.Except(otherSide))
        {
            problem($"{what} ({user}, {id}) is on the user's side only");
        }

        foreach (var (user, id) in otherSide.Except(userSide))
        {
            problem($"{what} ({user}, {id}) is on the tweet's side only");
        }
    }

    private static List<AccountEdge> All(Func<PageRequest, Page<AccountEdge>> read)
    {
        var all = new List<AccountEdge>();
        var page = read(PageRequest.First(PageSize));
        all.AddRange(page.Items);
        while (page.NextMaxId is { } next)
        {
            page = read(PageRequest.Before(next, PageSize));
            all.AddRange(page.Items);
        }

        return all;
    }

    private static List<Tweet> AllTweets(Func<PageRequest, Page<Tweet>> read)
    {
        var all = new List<Tweet>();
        var page = read(PageRequest.First(PageSize));
        all.AddRange(page.Items);
        while (page.NextMaxId is { } next)
        {
            page = read(PageRequest.Before(next, PageSize));
            all.AddRange(page.Items);
        }

        return all;
    }

    private FollowState Follow(string[] f)
    {
        var pair = (L(f[2]), L(f[3]));
        if (!_follows.TryGetValue(pair, out var state))
        {
            state = new FollowState();
            _follows[pair] = state;
        }

        return state;
    }

    private static long L(string field) => long.Parse(field, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private sealed record AckedTweet(long AuthorId, long? ParentId, string TextHash);

    private sealed class FollowState
    {
        /// <summary>The last acknowledged state (false before any).</summary>
        public bool Following { get; set; }

        /// <summary>The state an attempt not (yet) acknowledged would set, if one is in flight.</summary>
        public bool? Pending { get; set; }
    }
}
