namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// One step of a home-timeline property run. <see cref="User"/> is a user index (taken modulo the user count), except
/// for an unfollow, where it picks one of the current followers of <see cref="Target"/> (so that unfollows take effect);
/// <see cref="Target"/> is a second user index (follow, unfollow) or a tweet index, counted in creation order over
/// every tweet, reply and retweet entry made so far (modulo their count); <see cref="Number"/> is a burst size (tweet),
/// a page limit (read), 0 for "the author" or 1 for "<see cref="User"/>" (delete), or half-periods of inactivity (idle).
/// </summary>
public sealed record HomeTimelineOp(HomeTimelineOpKind Kind, int User, int Target, int Number)
{
    public override string ToString() => Kind switch
    {
        HomeTimelineOpKind.Follow => $"u{User} follows u{Target}",
        HomeTimelineOpKind.Unfollow => $"follower #{User} of u{Target} unfollows it",
        HomeTimelineOpKind.Tweet => Number == 1 ? $"u{User} tweets" : $"u{User} tweets x{Number}",
        HomeTimelineOpKind.Reply => $"u{User} replies to #{Target}",
        HomeTimelineOpKind.Retweet => $"u{User} retweets #{Target}",
        HomeTimelineOpKind.UndoRetweet => $"u{User} undoes the retweet of #{Target}",
        HomeTimelineOpKind.Delete => Number == 0 ? $"the author deletes #{Target}" : $"u{User} deletes #{Target}",
        HomeTimelineOpKind.Read => $"u{User} reads (limit {Number}, cursor #{Target})",
        HomeTimelineOpKind.Idle => $"{Number} half-period(s) idle, then drop inactive timelines",
        HomeTimelineOpKind.Reopen => "reopen",
        _ => Kind.ToString(),
    };
}
