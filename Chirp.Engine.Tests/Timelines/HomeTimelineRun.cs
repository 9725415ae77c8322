using System.Globalization;
using System.Text;
using Chirp.Engine.Tests.Support;
using Xunit.Sdk;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// Runs a <see cref="HomeTimelineScenario"/> against a real engine and <see cref="HomeTimelineModel"/> side by side:
/// refusals are checked as they happen, home-timeline pages at every read step and for every user at the end.
/// A failure names users u0, u1, ... and tweets t1, t2, ... (creation order) and lists the steps taken.
/// </summary>
public sealed class HomeTimelineRun : IDisposable
{
    private const int PageLimit = ChirpEngine.MaxTimelineLimit;

    private static readonly TimeSpan InactiveAfter = TimeSpan.FromHours(1);

    private readonly HomeTimelineScenario _scenario;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-06-01T00:00:00Z", CultureInfo.InvariantCulture));
    private readonly TempEngine _temp;
    private readonly HomeTimelineModel _model = new();
    private readonly Dictionary<long, string> _names = [];
    private readonly List<string> _trace = [];
    private readonly Dictionary<long, List<bool>> _postedAsCelebrity = [];

    public HomeTimelineRun(HomeTimelineScenario scenario)
    {
        _scenario = scenario;
        _temp = new TempEngine(scenario.Shards, o => o with
        {
            CelebrityThreshold = scenario.CelebrityThreshold,
            TimelineCapacity = scenario.TimelineCapacity,
            InactiveAfter = InactiveAfter,
            Clock = _clock,

            // The smallest timeline memory and index: opening and reopening cost less, and the answers do not change.
            TimelineMemoryBytes = 16L << 20,
            ExpectedActiveUsers = 1_000,
        });
        for (int i = 0; i < scenario.Users; i++)
        {
            var account = Await(_temp.UserAsync("u" + i));
            _model.Users.Add(account.Id);
            _names[account.Id] = "u" + i;
        }
    }

    public HomeTimelineCoverage Coverage { get; } = new();

    private ChirpEngine Engine => _temp.Engine;

    /// <summary>Runs every step, checking refusals and the pages of each read step.</summary>
    public void RunSteps()
    {
        foreach (var op in _scenario.Ops)
        {
            Tick();
            try
            {
                Step(op);
            }
            catch (Exception e) when (e is not XunitException)
            {
                throw Failure($"step {_trace.Count + 1} ({op}) threw {e.GetType().Name}: {e.Message}", e);
            }
        }
    }

    /// <summary>
    /// Once fanout has caught up: for every user, walks the whole timeline down with max_id and up with min_id (each
    /// page checked, and the walk must visit every visible entry once), then checks random since_id and min_id pages.
    /// </summary>
    public void CheckEverything()
    {
        Await(Engine.WaitForFanoutAsync());
        var random = new Random(_scenario.CheckSeed);
        foreach (long user in _model.Users)
        {
            WalkDown(user, random.Next(1, PageLimit + 1), "final walk down");
            WalkUp(user, random.Next(1, PageLimit + 1), "final walk up");
            for (int i = 0; i < 6; i++)
            {
                CheckPage(user, RandomRequest(random), "final random page");
            }

            NoteCoverage(user);
        }

        var celebrityRuns = _postedAsCelebrity.Values.Select(states => 1 + states.Zip(states.Skip(1)).Count(p => p.First != p.Second)).ToList();
        Coverage.CelebrityCrossed = celebrityRuns.Any(runs => runs >= 2);
        Coverage.CelebrityCrossedBothWays = celebrityRuns.Any(runs => runs >= 3);
    }

    public void Dispose() => _temp.Dispose();

    private void Step(HomeTimelineOp op)
    {
        long user = UserAt(op.User);
        switch (op.Kind)
        {
            case HomeTimelineOpKind.Follow:
                Follow(user, UserAt(op.Target));
                break;
            case HomeTimelineOpKind.Unfollow:
                Unfollow(op.User, UserAt(op.Target));
                break;
            case HomeTimelineOpKind.Tweet:
                PostTweets(user, op.Number);
                break;
            case HomeTimelineOpKind.Read:
                Read(user, op.Target, op.Number);
                break;
            case HomeTimelineOpKind.Idle:
                _clock.Now += (InactiveAfter / 2 * op.Number) + TimeSpan.FromMilliseconds(1);
                int dropped = Engine.DropInactiveTimelines();
                Coverage.DroppedInactive |= dropped > 0;
                Note($"{op.Number} half-period(s) idle: {dropped} timeline(s) dropped");
                break;
            case HomeTimelineOpKind.Reopen:
                _temp.Reopen();
                Coverage.Reopened = true;
                Note("reopen");
                break;
            default:
                if (_model.Order.Count == 0)
                {
                    Note($"{op}: no tweet yet, skipped");
                    break;
                }

                long target = _model.Order[op.Target % _model.Order.Count];
                switch (op.Kind)
                {
                    case HomeTimelineOpKind.Reply:
                        Reply(user, target);
                        break;
                    case HomeTimelineOpKind.Retweet:
                        Retweet(user, target);
                        break;
                    case HomeTimelineOpKind.UndoRetweet:
                        UndoRetweet(user, target);
                        break;
                    case HomeTimelineOpKind.Delete:
                        Delete(op.Number == 0 ? _model.Tweets[target].Author : user, target);
                        break;
                    default:
                        throw new InvalidOperationException("unknown step " + op.Kind);
                }

                break;
        }
    }

    private void Follow(long user, long other)
    {
        string what = $"{Name(user)} follows {Name(other)}";
        if (user == other)
        {
            ExpectRefusal(ChirpErrorCode.Validation, what, () => Await(Engine.FollowAsync(user, other)));
            Note(what + ": refused");
            return;
        }

        Await(Engine.FollowAsync(user, other));
        _model.Follows.Add((user, other));
        Note($"{what} ({Name(other)} has {_model.FollowerCount(other)} follower(s))");
    }

    private void Unfollow(int followerIndex, long followee)
    {
        var followers = _model.Users.Where(u => _model.Follows.Contains((u, followee))).ToList();
        long follower = followers.Count == 0 ? UserAt(followerIndex) : followers[followerIndex % followers.Count];
        Await(Engine.UnfollowAsync(follower, followee));
        bool removed = _model.Follows.Remove((follower, followee));
        Note($"{Name(follower)} unfollows {Name(followee)}" + (removed ? $" ({Name(followee)} has {_model.FollowerCount(followee)} follower(s))" : ", not following"));
    }

    private void PostTweets(long user, int count)
    {
        string first = "";
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Tick();
            }

            string label = NextLabel();
            NotePost(user);
            var tweet = Await(Engine.CreateTweetAsync(user, label));
            AddTweet(new HomeTimelineModelTweet(tweet.Id, user, 0, 0, 0), label);
            first = i == 0 ? label : first;
        }

        Note(count == 1 ? $"{Name(user)} tweets {first}" : $"{Name(user)} tweets {first}..{NextLabelBefore()}");
    }

    private void Reply(long user, long target)
    {
        string what = $"{Name(user)} replies to {Describe(target)}";
        if (_model.LiveOriginal(target) is not { } parent)
        {
            ExpectRefusal(ChirpErrorCode.NotFound, what, () => Await(Engine.CreateReplyAsync(user, target, "refused")));
            Note(what + ": refused, gone");
            return;
        }

        string label = NextLabel();
        NotePost(user);
        var reply = Await(Engine.CreateReplyAsync(user, target, label));
        if (reply.InReplyToId != parent)
        {
            throw Failure($"{what}: the reply answers {Cursor(reply.InReplyToId)}, not {Name(parent)}");
        }

        long parentAuthor = _model.Tweets[parent].Author;
        AddTweet(new HomeTimelineModelTweet(reply.Id, user, parent, parentAuthor, 0), label);
        Note($"{what} → {label} (answers {Name(parentAuthor)})");
    }

    private void Retweet(long user, long target)
    {
        string what = $"{Name(user)} retweets {Describe(target)}";
        if (_model.LiveOriginal(target) is not { } original)
        {
            ExpectRefusal(ChirpErrorCode.NotFound, what, () => Await(Engine.RetweetAsync(user, target)));
            Note(what + ": refused, gone");
            return;
        }

        if (_model.Retweets.TryGetValue((user, original), out long existing))
        {
            var again = Await(Engine.RetweetAsync(user, target));
            if (again.Id != existing)
            {
                throw Failure($"{what}: a second retweet gave {Cursor(again.Id)}, not the first one {Name(existing)}");
            }

            Note($"{what}: already retweeted as {Name(existing)}");
            return;
        }

        string label = NextLabel();
        NotePost(user);
        var retweet = Await(Engine.RetweetAsync(user, target));
        if (retweet.RetweetOfId != original)
        {
            throw Failure($"{what}: the retweet is of {Cursor(retweet.RetweetOfId)}, not {Name(original)}");
        }

        _model.Retweets[(user, original)] = retweet.Id;
        AddTweet(new HomeTimelineModelTweet(retweet.Id, user, 0, 0, original), label);
        Note($"{what} → {label}");
    }

    private void UndoRetweet(long user, long target)
    {
        long original = _model.OriginalOf(target);
        Await(Engine.UndoRetweetAsync(user, target));
        if (_model.Retweets.Remove((user, original), out long entry))
        {
            _model.Tweets[entry].Deleted = true;
            Note($"{Name(user)} undoes the retweet of {Describe(target)}: {Name(entry)} gone");
        }
        else
        {
            Note($"{Name(user)} undoes the retweet of {Describe(target)}: none in place");
        }
    }

    private void Delete(long actor, long target)
    {
        var record = _model.Tweets[target];
        string what = $"{Name(actor)} deletes {Describe(target)}";
        if (!record.Deleted && record.IsRetweet && record.Author == actor)
        {
            Await(Engine.DeleteTweetAsync(actor, target));
            _model.Retweets.Remove((actor, record.RetweetOf));
            record.Deleted = true;
            Note(what + " (undoes the retweet)");
        }
        else if (record.Deleted && record.Author == actor)
        {
            Await(Engine.DeleteTweetAsync(actor, target));
            Note(what + ": gone already, nothing to do");
        }
        else if (record.Deleted)
        {
            ExpectRefusal(ChirpErrorCode.NotFound, what, () => Await(Engine.DeleteTweetAsync(actor, target)));
            Note(what + ": refused, gone");
        }
        else if (record.Author != actor)
        {
            ExpectRefusal(ChirpErrorCode.Forbidden, what, () => Await(Engine.DeleteTweetAsync(actor, target)));
            Note(what + ": refused, not the author");
        }
        else
        {
            Await(Engine.DeleteTweetAsync(actor, target));
            record.Deleted = true;
            Note(what);
        }
    }

    private void Read(long user, int cursorIndex, int limit)
    {
        Await(Engine.WaitForFanoutAsync());
        long? cursor = _model.Order.Count == 0 ? null : _model.Order[cursorIndex % _model.Order.Count];
        Note($"{Name(user)} reads: walks down by {limit}" + (cursor is { } c ? $", since_id and min_id {Name(c)}" : ""));
        WalkDown(user, limit, "read step, walk down");
        if (cursor is not null)
        {
            CheckPage(user, new PageRequest { SinceId = cursor, Limit = limit }, "read step");
            CheckPage(user, new PageRequest { MinId = cursor, Limit = limit }, "read step");
        }
    }

    private void WalkDown(long user, int limit, string context)
    {
        var expected = _model.Visible(user);
        var seen = new List<long>();
        long? maxId = null;
        for (int pages = 0; ; pages++)
        {
            if (pages > expected.Count + 1)
            {
                throw Failure(user, $"{context} by {limit}: still not at the end after {pages} pages; seen so far {Names(seen)}");
            }

            var page = CheckPage(user, new PageRequest { MaxId = maxId, Limit = limit }, context);
            seen.AddRange(page.Ids);
            if (page.NextMaxId is null)
            {
                break;
            }

            maxId = page.NextMaxId;
        }

        if (!seen.SequenceEqual(expected))
        {
            throw Failure(user, $"{context} by {limit}: visited {Names(seen)}, expected {Names(expected)}");
        }
    }

    private void WalkUp(long user, int limit, string context)
    {
        var expected = _model.Visible(user);
        var seen = new List<long>();
        long minId = 0;
        for (int pages = 0; ; pages++)
        {
            if (pages > expected.Count + 1)
            {
                throw Failure(user, $"{context} by {limit}: still not at the top after {pages} pages; seen so far {Names(seen)}");
            }

            var page = CheckPage(user, new PageRequest { MinId = minId, Limit = limit }, context);
            if (page.Ids.Count == 0)
            {
                break;
            }

            seen.InsertRange(0, page.Ids);
            minId = page.PrevMinId!.Value;
        }

        if (!seen.SequenceEqual(expected))
        {
            throw Failure(user, $"{context} by {limit}: visited {Names(seen)}, expected {Names(expected)}");
        }
    }

    private HomeTimelinePageIds CheckPage(long user, PageRequest request, string context)
    {
        var expected = _model.Page(user, request);
        var actual = HomeTimelinePageIds.Of(Engine.GetHomeTimeline(user, request));
        if (!expected.SameAs(actual))
        {
            throw Failure(user, $"{context}, {Describe(request)}:{Environment.NewLine}  expected {Describe(expected)}{Environment.NewLine}  actual   {Describe(actual)}");
        }

        return actual;
    }

    private PageRequest RandomRequest(Random random)
    {
        var cursors = new List<long> { 0 };
        foreach (long id in _model.Order)
        {
            cursors.AddRange([id - 1, id, id + 1]);
        }

        long Pick() => cursors[random.Next(cursors.Count)];
        int limit = random.Next(1, PageLimit + 1);
        return random.Next(6) switch
        {
            0 => new PageRequest { SinceId = Pick(), Limit = limit },
            1 => new PageRequest { MinId = Pick(), Limit = limit },
            2 => new PageRequest { MaxId = Pick(), SinceId = Pick(), Limit = limit },
            3 => new PageRequest { MaxId = Pick(), MinId = Pick(), Limit = limit },
            4 => new PageRequest { SinceId = Pick(), MinId = Pick(), Limit = limit },
            _ => new PageRequest { MaxId = Pick(), Limit = limit },
        };
    }

    private void NoteCoverage(long user)
    {
        var candidates = _model.Candidates(user);
        Coverage.OverCapacity |= candidates.Count(c => !c.Hidden) > _scenario.TimelineCapacity;
        Coverage.HiddenRetweet |= candidates.Any(c => c.Hidden);
        for (int i = 0; i < candidates.Count; i++)
        {
            var (tweet, hidden) = candidates[i];
            Coverage.RetweetPastWindow |= tweet.IsRetweet && !hidden
                && candidates.Skip(i + 1 + HomeTimelineModel.RetweetWindow).Any(c => c.Tweet.Key == tweet.Key);
        }
    }

    private void NotePost(long author)
    {
        bool celebrity = _model.FollowerCount(author) >= _scenario.CelebrityThreshold;
        if (!_postedAsCelebrity.TryGetValue(author, out var states))
        {
            states = [];
            _postedAsCelebrity[author] = states;
        }

        states.Add(celebrity);
    }

    private void ExpectRefusal(ChirpErrorCode expected, string what, Action action)
    {
        try
        {
            action();
        }
        catch (ChirpException e) when (e.ErrorCode == expected)
        {
            Coverage.Refused = true;
            return;
        }
        catch (ChirpException e)
        {
            throw Failure($"{what}: expected {expected}, got {e.ErrorCode} ({e.Message})");
        }

        throw Failure($"{what}: expected {expected}, but it succeeded");
    }

    private void AddTweet(HomeTimelineModelTweet tweet, string label)
    {
        _model.Add(tweet);
        _names[tweet.Id] = label;
    }

    private void Tick() => _clock.Now += TimeSpan.FromMilliseconds(1);

    private long UserAt(int index) => _model.Users[index % _model.Users.Count];

    private string NextLabel() => "t" + (_model.Order.Count + 1);

    private string NextLabelBefore() => "t" + _model.Order.Count;

    private void Note(string text) => _trace.Add($"{_trace.Count + 1}. {text}");

    private string Name(long id) => _names.TryGetValue(id, out string? name) ? name : id.ToString(CultureInfo.InvariantCulture);

    private string Names(IEnumerable<long> ids) => "[" + string.Join(' ', ids.Select(Name)) + "]";

    /// <summary>A tweet with what it is: "t7 (reply to t3)", "t9 (retweet of t2, deleted)".</summary>
    private string Describe(long tweetId)
    {
        var tweet = _model.Tweets[tweetId];
        var parts = new List<string>();
        if (tweet.IsRetweet)
        {
            parts.Add("retweet of " + Name(tweet.RetweetOf));
        }
        else if (tweet.IsReply)
        {
            parts.Add("reply to " + Name(tweet.Parent));
        }

        if (tweet.Deleted)
        {
            parts.Add(tweet.IsRetweet ? "undone" : "deleted");
        }

        return parts.Count == 0 ? Name(tweetId) : $"{Name(tweetId)} ({string.Join(", ", parts)})";
    }

    /// <summary>A page bound by the tweet it is at or next to: "t5", "t5+1", "t5-1", or the raw number.</summary>
    private string Cursor(long? id)
    {
        if (id is not { } value)
        {
            return "null";
        }

        if (_names.TryGetValue(value, out string? name))
        {
            return name;
        }

        if (_names.TryGetValue(value - 1, out name))
        {
            return name + "+1";
        }

        return _names.TryGetValue(value + 1, out name) ? name + "-1" : value.ToString(CultureInfo.InvariantCulture);
    }

    private string Describe(PageRequest request)
    {
        var parts = new List<string>();
        if (request.MaxId is not null)
        {
            parts.Add("max_id=" + Cursor(request.MaxId));
        }

        if (request.SinceId is not null)
        {
            parts.Add("since_id=" + Cursor(request.SinceId));
        }

        if (request.MinId is not null)
        {
            parts.Add("min_id=" + Cursor(request.MinId));
        }

        parts.Add("limit=" + request.Limit);
        return string.Join(' ', parts);
    }

    private string Describe(HomeTimelinePageIds page) =>
        $"{Names(page.Ids)} next_max_id={Cursor(page.NextMaxId)} prev_min_id={Cursor(page.PrevMinId)}";

    private XunitException Failure(long reader, string message)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Name(reader)}'s home timeline, {message}");
        text.Append("  model candidates, newest first (- = hidden retweet):");
        foreach (var (tweet, hidden) in _model.Candidates(reader))
        {
            text.Append(' ').Append(hidden ? "-" : "").Append(Name(tweet.Id));
            if (tweet.IsRetweet)
            {
                text.Append("(rt ").Append(Name(tweet.RetweetOf)).Append(')');
            }
            else if (tweet.IsReply)
            {
                text.Append("(re ").Append(Name(tweet.Parent)).Append(')');
            }
        }

        return Failure(text.ToString());
    }

    private XunitException Failure(string message, Exception? inner = null)
    {
        var text = new StringBuilder(message);
        text.AppendLine();
        text.Append("  follows:");
        foreach (long user in _model.Users)
        {
            var followees = _model.Users.Where(other => _model.Follows.Contains((user, other))).Select(Name);
            text.Append(CultureInfo.InvariantCulture, $" {Name(user)}→[{string.Join(' ', followees)}]");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"  {_scenario.Shards} shards, celebrity threshold {_scenario.CelebrityThreshold}, capacity {_scenario.TimelineCapacity}; steps:");
        foreach (string line in _trace)
        {
            text.Append("    ").AppendLine(line);
        }

        return new XunitException(text.ToString(), inner);
    }

    private static T Await<T>(ValueTask<T> task) => task.AsTask().GetAwaiter().GetResult();

    private static T Await<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Await(ValueTask task) => task.AsTask().GetAwaiter().GetResult();

    private static void Await(Task task) => task.GetAwaiter().GetResult();
}
