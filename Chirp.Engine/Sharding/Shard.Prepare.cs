using Chirp.Engine.Commands;

namespace Chirp.Engine.Sharding;

/// <summary>
/// Prepare: on the node that decides a write (the leader, once replicated), every input apply must not choose for
/// itself is fixed on the command: its time, the ids it creates, and the celebrity threshold. A value the submitter
/// already set is kept, so an entry prepared elsewhere passes through unchanged. Commands are never changed in place:
/// prepare returns a copy.
/// </summary>
internal sealed partial class Shard
{
    internal ShardCommand Prepare(ShardCommand command, long nowMs) => command switch
    {
        CreateTweet c => c with
        {
            AtMs = TimeOf(c, nowMs),
            TweetId = MintUnlessSet(c.TweetId),
            CelebrityThreshold = ThresholdUnlessSet(c.CelebrityThreshold),
        },
        Retweet c => c with
        {
            AtMs = TimeOf(c, nowMs),
            RetweetId = MintUnlessSet(c.RetweetId),
            CelebrityThreshold = ThresholdUnlessSet(c.CelebrityThreshold),
        },
        Like c => c with { AtMs = TimeOf(c, nowMs), EdgeId = MintUnlessSet(c.EdgeId) },
        Follow c => c with { AtMs = TimeOf(c, nowMs), EdgeId = MintUnlessSet(c.EdgeId) },
        CreateAccount c => c with { AtMs = TimeOf(c, nowMs), UserId = MintUnlessSet(c.UserId) },
        AddAuthored c => c with { AtMs = TimeOf(c, nowMs), CelebrityThreshold = ThresholdUnlessSet(c.CelebrityThreshold) },
        _ when command.AtMs == 0 => command with { AtMs = nowMs },
        _ => command,
    };

    private static long TimeOf(ShardCommand command, long nowMs) => command.AtMs == 0 ? nowMs : command.AtMs;

    private long MintUnlessSet(long id) => id == 0 ? Ids.Next() : id;

    private int ThresholdUnlessSet(int threshold) => threshold == 0 ? _options.CelebrityThreshold : threshold;
}
