using Chirp.Engine.Commands;

namespace Chirp.Engine;

/// <summary>The change feed and the outbox, for derived stores, operators and tests.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>The position of the last committed change-feed entry of a shard (0 when empty).</summary>
    public long GetAppliedPosition(int shard) => RequireShardIndex(shard).AppliedPosition;

    /// <summary>Up to <paramref name="max"/> change-feed entries of a shard after a position, in order.</summary>
    public IReadOnlyList<ChangeEntry> ReadChanges(int shard, long afterPosition, int max = 1000)
    {
        using var pass = _gate.Enter();
        if (max is < 1 or > 100_000)
        {
            throw ChirpException.Invalid("max", "Read between 1 and 100,000 changes at a time.");
        }

        var owner = RequireShardIndex(shard);
        return owner.ReadChanges(Math.Max(0, afterPosition), max).Select(r => Describe(shard, r.Position, r.Command)).ToList();
    }

    /// <summary>Messages waiting in all outboxes (written, not yet applied by their target shard).</summary>
    public long GetOutboxDepth() => _shards.Sum(s => s.OutboxDepth);

    /// <summary>Cross-shard messages delivered since the engine opened.</summary>
    public long GetDeliveredMessageCount() => _shards.Sum(s => s.DeliveredMessages);

    /// <summary>How many dead letters all shards hold (messages a target refused; see <see cref="GetDeadLetters"/>).</summary>
    public long GetDeadLetterCount() => _shards.Sum(s => s.DeadLetterCount);

    /// <summary>The dead letters of every shard: messages a target refused, with the reason.</summary>
    public IReadOnlyList<DeadLetterInfo> GetDeadLetters(int max = 1000)
    {
        using var pass = _gate.Enter();
        var letters = new List<DeadLetterInfo>();
        foreach (var shard in _shards)
        {
            foreach (var letter in shard.ReadDeadLetters(max - letters.Count))
            {
                letters.Add(new DeadLetterInfo(shard.Id, letter.Message.TargetShard, letter.Message.Command.GetType().Name, letter.Code, letter.Reason, DateTimeOffset.FromUnixTimeMilliseconds(letter.AtMs)));
            }
        }

        return letters;
    }

    /// <summary>
    /// Waits until every outbox message written before the call has been applied by its target (or dead-lettered):
    /// after it, both sides of every earlier follow, like and retweet are visible.
    /// </summary>
    public async Task FlushOutboxAsync(CancellationToken cancellationToken = default)
    {
        var written = _shards.Select(s => s.CommittedOutboxSequence).ToArray();
        for (int i = 0; i < _shards.Length; i++)
        {
            while (!_shards[i].IsOutboxDeliveredThrough(written[i]))
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Sharding.Shard RequireShardIndex(int shard) =>
        shard >= 0 && shard < _shards.Length ? _shards[shard] : throw ChirpException.Invalid("shard", $"Shard must be between 0 and {_shards.Length - 1}.");

    private static ChangeEntry Describe(int shard, long position, ShardCommand command)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(command.AtMs);
        (ChangeKind kind, long subject, long actor, long target) = command switch
        {
            CreateAccount c => (ChangeKind.AccountCreated, c.UserId, c.UserId, 0L),
            UpdateProfile c => (ChangeKind.ProfileUpdated, c.UserId, c.UserId, 0L),
            CreateTweet c => (ChangeKind.TweetCreated, c.TweetId, c.AuthorId, c.InReplyToId),
            EditTweet c => (ChangeKind.TweetEdited, c.TweetId, c.ActorId, 0L),
            DeleteTweet c => (ChangeKind.TweetDeleted, c.TweetId, c.ActorId, 0L),
            AddAuthored c => (ChangeKind.AuthoredAdded, c.TweetId, c.AuthorId, 0L),
            RemoveAuthored c => (ChangeKind.AuthoredRemoved, c.TweetId, c.AuthorId, 0L),
            Like c => (ChangeKind.Liked, c.TweetId, c.UserId, 0L),
            Unlike c => (ChangeKind.Unliked, c.TweetId, c.UserId, 0L),
            AddLiker c => (ChangeKind.LikerAdded, c.TweetId, c.UserId, 0L),
            RemoveLiker c => (ChangeKind.LikerRemoved, c.TweetId, c.UserId, 0L),
            Retweet c => (ChangeKind.Retweeted, c.RetweetId, c.UserId, c.OriginalId),
            UndoRetweet c => (ChangeKind.RetweetUndone, 0L, c.UserId, c.OriginalId),
            AddRetweeter c => (ChangeKind.RetweeterAdded, c.RetweetId, c.UserId, c.OriginalId),
            RemoveRetweeter c => (ChangeKind.RetweeterRemoved, c.RetweetId, c.UserId, c.OriginalId),
            Follow c => (ChangeKind.Followed, c.FolloweeId, c.FollowerId, 0L),
            Unfollow c => (ChangeKind.Unfollowed, c.FolloweeId, c.FollowerId, 0L),
            AddFollower c => (ChangeKind.FollowerAdded, c.FolloweeId, c.FollowerId, 0L),
            RemoveFollower c => (ChangeKind.FollowerRemoved, c.FolloweeId, c.FollowerId, 0L),
            _ => throw new InvalidOperationException($"{command.GetType().Name} is not a change-feed entry."),
        };
        return new ChangeEntry(shard, position, kind, subject, actor, target, at);
    }
}
