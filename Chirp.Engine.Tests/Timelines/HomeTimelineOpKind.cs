namespace Chirp.Engine.Tests.Timelines;

/// <summary>What one step of a home-timeline property run does.</summary>
public enum HomeTimelineOpKind
{
    Follow,
    Unfollow,
    Tweet,
    Reply,
    Retweet,
    UndoRetweet,
    Delete,
    Read,
    Idle,
    Reopen,
}
