using Chirp.Engine.Tests.Support;
using FsCheck.Xunit;

namespace Chirp.Engine.Tests.Model;

/// <summary>
/// Random sequences of operations run against the engine (3 shards, so many edges cross shards) and a plain model,
/// with close/reopen in the middle; every query must agree with the model.
/// </summary>
public sealed class EngineModelProperties
{
    private static readonly string[] Texts =
    [
        "hello #tag @u1",
        "plain words only",
        "emoji 🐦 and #Café",
        "@u2 @u3 hi there",
        "#a #b #c",
        "text with a url https://example.com/x?y=1",
    ];

    [Property(MaxTest = 30, EndSize = 120, QuietOnSuccess = true, Arbitrary = [typeof(EngineOpArbitrary)])]
    public void Engine_agrees_with_the_model_for_any_operation_sequence(EngineOp[] ops)
    {
        using var temp = new TempEngine(shards: 3);
        var model = new ReferenceModel();
        foreach (var op in ops)
        {
            Step(temp, model, op);
        }

        Settle(temp.Engine);
        ModelComparison.AssertAgrees(temp.Engine, model);
    }

    private static void Settle(ChirpEngine engine) => engine.FlushOutboxAsync().GetAwaiter().GetResult();

    private static void Step(TempEngine temp, ReferenceModel model, EngineOp op)
    {
        var engine = temp.Engine;
        string kind = EngineOps.Describe(op.Kind);
        if (kind == EngineOps.CreateUser)
        {
            string name = "u" + Math.Abs(op.A % 12);
            if (model.UsernameOf.ContainsValue(name))
            {
                ExpectError(ChirpErrorCode.Conflict, () => engine.CreateAccountAsync(new NewAccount(name.ToUpperInvariant(), name + "@example.com")).AsTask());
                return;
            }

            var account = Run(() => engine.CreateAccountAsync(new NewAccount(name, name + "@example.com")).AsTask());
            model.Users.Add(account.Id);
            model.UsernameOf[account.Id] = name;
            return;
        }

        if (kind == EngineOps.Reopen)
        {
            var reopened = temp.Reopen();
            Settle(reopened);
            ModelComparison.AssertAgrees(reopened, model);
            return;
        }

        if (model.Users.Count == 0)
        {
            return;
        }

        long user = model.Users[Math.Abs(op.A % model.Users.Count)];
        string text = Texts[Math.Abs(op.B % Texts.Length)];
        if (kind == EngineOps.Tweet)
        {
            var tweet = Run(() => engine.CreateTweetAsync(user, text).AsTask());
            Add(model, new ModelTweet(tweet.Id, user, text, 0, 0));
            return;
        }

        if (kind is EngineOps.Follow or EngineOps.Unfollow)
        {
            long other = model.Users[Math.Abs(op.B % model.Users.Count)];
            if (kind == EngineOps.Unfollow)
            {
                Run(() => engine.UnfollowAsync(user, other).AsTask());
                model.Follows.Remove((user, other));
            }
            else if (user == other)
            {
                ExpectError(ChirpErrorCode.Validation, () => engine.FollowAsync(user, other).AsTask());
            }
            else
            {
                Run(() => engine.FollowAsync(user, other).AsTask());
                model.Follows.Add((user, other));
            }

            return;
        }

        if (model.TweetOrder.Count == 0)
        {
            return;
        }

        long target = model.TweetOrder[Math.Abs((op.B / 7) % model.TweetOrder.Count)];
        var record = model.Tweets[target];
        switch (kind)
        {
            case EngineOps.Reply:
                if (model.LiveOriginal(target) is not { } parent)
                {
                    ExpectError(ChirpErrorCode.NotFound, () => engine.CreateReplyAsync(user, target, text).AsTask());
                }
                else
                {
                    var reply = Run(() => engine.CreateReplyAsync(user, target, text).AsTask());
                    Assert.Equal(parent, reply.InReplyToId);
                    Add(model, new ModelTweet(reply.Id, user, text, parent, 0));
                }

                break;

            case EngineOps.Edit:
                string edited = text + " (edited)";
                if (record.Deleted)
                {
                    ExpectError(ChirpErrorCode.NotFound, () => engine.EditTweetAsync(user, target, edited).AsTask());
                }
                else if (record.Author != user)
                {
                    ExpectError(ChirpErrorCode.Forbidden, () => engine.EditTweetAsync(user, target, edited).AsTask());
                }
                else if (record.RetweetOf != 0)
                {
                    ExpectError(ChirpErrorCode.Validation, () => engine.EditTweetAsync(user, target, edited).AsTask());
                }
                else
                {
                    Run(() => engine.EditTweetAsync(user, target, edited).AsTask());
                    if (edited != record.Text)
                    {
                        // An edit that changes nothing keeps no version.
                        record.History.Add(record.Text);
                        record.Text = edited;
                    }
                }

                break;

            case EngineOps.Delete:
                if (!record.Deleted && record.RetweetOf != 0 && record.Author == user)
                {
                    Run(() => engine.DeleteTweetAsync(user, target).AsTask());
                    model.Retweets.Remove((user, record.RetweetOf));
                    record.Deleted = true;
                }
                else if (record.Deleted && record.Author == user)
                {
                    // Deleting again what one deleted is a harmless retry.
                    Assert.False(Run(() => engine.DeleteTweetAsync(user, target).AsTask()));
                }
                else if (record.Deleted)
                {
                    ExpectError(ChirpErrorCode.NotFound, () => engine.DeleteTweetAsync(user, target).AsTask());
                }
                else if (record.Author != user)
                {
                    ExpectError(ChirpErrorCode.Forbidden, () => engine.DeleteTweetAsync(user, target).AsTask());
                }
                else
                {
                    Run(() => engine.DeleteTweetAsync(user, target).AsTask());
                    record.Deleted = true;
                    record.History.Clear();
                }

                break;

            case EngineOps.Like:
                if (model.LiveOriginal(target) is not { } liked)
                {
                    ExpectError(ChirpErrorCode.NotFound, () => engine.LikeAsync(user, target).AsTask());
                }
                else
                {
                    Run(() => engine.LikeAsync(user, target).AsTask());
                    model.Likes.Add((user, liked));
                }

                break;

            case EngineOps.Unlike:
                Run(() => engine.UnlikeAsync(user, target).AsTask());
                model.Likes.Remove((user, model.OriginalOf(target)));
                break;

            case EngineOps.Retweet:
                if (model.LiveOriginal(target) is not { } original)
                {
                    ExpectError(ChirpErrorCode.NotFound, () => engine.RetweetAsync(user, target).AsTask());
                }
                else
                {
                    var retweet = Run(() => engine.RetweetAsync(user, target).AsTask());
                    if (model.Retweets.TryGetValue((user, original), out long existing))
                    {
                        Assert.Equal(existing, retweet.Id);
                    }
                    else
                    {
                        model.Retweets[(user, original)] = retweet.Id;
                        Add(model, new ModelTweet(retweet.Id, user, "", 0, original));
                    }
                }

                break;

            case EngineOps.UndoRetweet:
                Run(() => engine.UndoRetweetAsync(user, target).AsTask());
                long undone = model.OriginalOf(target);
                if (model.Retweets.Remove((user, undone), out long entry))
                {
                    model.Tweets[entry].Deleted = true;
                }

                break;
        }
    }

    private static void Add(ReferenceModel model, ModelTweet tweet)
    {
        model.Tweets.Add(tweet.Id, tweet);
        model.TweetOrder.Add(tweet.Id);
    }

    private static T Run<T>(Func<Task<T>> action) => action().GetAwaiter().GetResult();

    private static void Run(Func<Task> action) => action().GetAwaiter().GetResult();

    private static void ExpectError(ChirpErrorCode expected, Func<Task> action)
    {
        var error = Assert.Throws<ChirpException>(() => action().GetAwaiter().GetResult());
        Assert.Equal(expected, error.ErrorCode);
    }
}
