namespace Chirp.Bench.Workload;

/// <summary>What one operation of the workload does.</summary>
public enum OperationKind : byte
{
    Post,
    Read,
    Like,
    Retweet,
    Follow,
    Unfollow,
    Search,
}

/// <summary>
/// One operation of a phase, drawn in advance so that every system gets the same sequence.
/// </summary>
/// <param name="Kind">What it does.</param>
/// <param name="User">The acting user (author, reader, liker, follower).</param>
/// <param name="Other">The followee of a follow or unfollow; the text's index for a post.</param>
/// <param name="Post">The post a like or retweet is of; the number a post or retweet gets.</param>
/// <param name="Retweet">The number a retweet gets.</param>
/// <param name="Word">The word a search looks for.</param>
public readonly record struct MixOperation(OperationKind Kind, int User, int Other, long Post, long Retweet, string? Word)
{
    /// <summary>The operation's name in results: mix_post, mix_read …</summary>
    public static string MixName(OperationKind kind) => kind switch
    {
        OperationKind.Post => "mix_post",
        OperationKind.Read => "mix_read",
        OperationKind.Like => "mix_like",
        OperationKind.Retweet => "mix_retweet",
        OperationKind.Follow => "mix_follow",
        OperationKind.Unfollow => "mix_unfollow",
        OperationKind.Search => "mix_search",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
