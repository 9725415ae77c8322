namespace Chirp.Engine.Tests.Timelines;

internal enum TimelineCommandKind
{
    Insert,
    Remove,
    RemoveAuthor,
    Clear,
    Compact,
}

/// <summary>One step of a property run: small ranges so that users, tweets and authors collide often.</summary>
public sealed record TimelineCommand(int Kind, long UserId, long TweetId, long AuthorId)
{
    internal TimelineCommandKind KindOf => (TimelineCommandKind)Kind;
}

/// <summary>A capacity and the commands to run against a store of that capacity.</summary>
public sealed record TimelineScenario(int Capacity, TimelineCommand[] Commands);
