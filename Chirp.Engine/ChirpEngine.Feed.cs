using Chirp.Engine.Commands;
using Chirp.Engine.Sharding;

namespace Chirp.Engine;

/// <summary>The change feed and the outbox, for derived stores, operators and tests.</summary>
public sealed partial class ChirpEngine
{
    /// <summary>The position of the last committed change-feed entry of a shard (0 when empty).</summary>
    public long GetAppliedPosition(int shard) => RequireShardIndex(shard).AppliedPosition;

    /// <summary>
    /// Up to <paramref name="max"/> change-feed entries of a shard after a position, in order. The feed keeps at least
    /// the last <see cref="ChirpEngineOptions.ChangeFeedRetention"/> entries of each shard; older ones are trimmed, and a
    /// read after a position below <see cref="GetOldestChangePosition"/> minus one throws a <see cref="ChirpException"/>
    /// with <see cref="ChirpErrorCode.FeedTrimmed"/> (never a silent gap): start over from the records, then read on from
    /// <see cref="GetAppliedPosition"/> as it was when you began.
    /// </summary>
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

    /// <summary>
    /// The position of the oldest change-feed entry a shard still keeps (1 while nothing was trimmed): reads after
    /// positions from this minus one on succeed.
    /// </summary>
    public long GetOldestChangePosition(int shard) => RequireShardIndex(shard).ChangeFloor;

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
    /// after it, both sides of every earlier follow, like and retweet are visible. To wait for one call's messages only,
    /// use <see cref="WaitForDeliveryAsync"/>.
    /// </summary>
    public async Task FlushOutboxAsync(CancellationToken cancellationToken = default)
    {
        var written = _shards.Select(s => s.CommittedOutboxSequence).ToArray();
        for (int i = 0; i < _shards.Length; i++)
        {
            await WaitForOutboxAsync(_shards[i], from: 1, written[i], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the cross-shard messages of one write (the receipt it returned) have been applied by their targets
    /// (or dead-lettered): after it, the other side of that follow or like is visible, whatever other messages still
    /// wait. Returns at once for a write that sent none.
    /// </summary>
    public async Task WaitForDeliveryAsync(OutboxReceipt receipt, CancellationToken cancellationToken = default)
    {
        if (receipt.IsEmpty)
        {
            using var pass = _gate.Enter();
            return;
        }

        await WaitForOutboxAsync(RequireShardIndex(receipt.Shard), receipt.From, receipt.Through, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Completes once a shard's outbox holds none of the messages <paramref name="from"/> to <paramref name="through"/>
    /// (outbox sequences start at 1). Each check holds a pass, so a wait across a close fails instead of reading a
    /// closed database.
    /// </summary>
    private async Task WaitForOutboxAsync(Shard shard, long from, long through, CancellationToken cancellationToken)
    {
        while (true)
        {
            long seen = shard.OutboxDeliveries.Position;
            using (_gate.Enter())
            {
                if (shard.IsOutboxRangeDelivered(from, through))
                {
                    return;
                }
            }

            await shard.OutboxDeliveries.WaitAsync(seen + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Trims every shard's change feed below the lowest position still needed: by fanout (its position), by search (the
    /// position of its last commit, where a restart resumes) and by the retention of
    /// <see cref="ChirpEngineOptions.ChangeFeedRetention"/> entries. Returns the number of entries trimmed.
    /// </summary>
    internal long TrimChangeFeeds()
    {
        long trimmed = 0;
        for (int i = 0; i < _shards.Length; i++)
        {
            var shard = _shards[i];
            long below = Math.Min(_fanouts[i].Done.Position, shard.AppliedPosition - Options.ChangeFeedRetention) + 1;
            if (i < _indexers.Length)
            {
                below = Math.Min(below, _indexers[i].Index.CommittedPosition + 1);
            }

            trimmed += shard.TrimChangesBelow(below);
        }

        return trimmed;
    }

    private Shard RequireShardIndex(int shard) =>
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
