using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>
/// A mutation of one shard, with every nondeterministic choice (ids, times) made before it is applied, so that
/// applying it is deterministic. The union tags below are part of the on-disk format: never reuse or renumber one.
/// </summary>
[Union(0, typeof(CreateAccount))]
[Union(1, typeof(ClaimEmail))]
[Union(2, typeof(ReleaseEmail))]
[Union(3, typeof(UpdateProfile))]
[Union(4, typeof(SetCredential))]
[Union(5, typeof(RecordActivity))]
[Union(6, typeof(CreateTweet))]
[Union(7, typeof(EditTweet))]
[Union(8, typeof(DeleteTweet))]
[Union(9, typeof(AddAuthored))]
[Union(10, typeof(RemoveAuthored))]
[Union(11, typeof(Like))]
[Union(12, typeof(Unlike))]
[Union(13, typeof(AddLiker))]
[Union(14, typeof(RemoveLiker))]
[Union(15, typeof(Retweet))]
[Union(16, typeof(UndoRetweet))]
[Union(17, typeof(AddRetweeter))]
[Union(18, typeof(RemoveRetweeter))]
[Union(19, typeof(Follow))]
[Union(20, typeof(Unfollow))]
[Union(21, typeof(AddFollower))]
[Union(22, typeof(RemoveFollower))]
[Union(23, typeof(PruneRequests))]
[Union(24, typeof(AcknowledgeOutbox))]
[Union(25, typeof(ConfirmEmail))]
[MessagePackObject]
internal abstract record ShardCommand
{
    /// <summary>Chosen by whoever built the command; a shard applies a request id once and returns the first result after.</summary>
    [Key(0)] public Guid RequestId { get; init; }

    /// <summary>When the command was prepared (milliseconds since the Unix epoch): the only clock apply reads.</summary>
    [Key(1)] public long AtMs { get; init; }

    /// <summary>
    /// Whether the shard keeps a record of <see cref="RequestId"/> and answers a repeat with the first result. A command
    /// that leaves the same state however often it is applied may say no, so that frequent ones do not fill the records.
    /// </summary>
    [IgnoreMember]
    public virtual bool RemembersRequest => true;
}
