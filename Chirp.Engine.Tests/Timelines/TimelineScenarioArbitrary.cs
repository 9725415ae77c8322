using FsCheck;
using FsCheck.Fluent;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// Explicit generators (reflection would give all-zero records). Mostly inserts, with enough of them per user
/// (up to 600 commands over 3 users) that small capacities fill up and start dropping.
/// </summary>
public static class TimelineScenarioArbitrary
{
    private static readonly Gen<TimelineCommand> Command =
        from kind in Gen.Frequency(
            (70, Gen.Constant((int)TimelineCommandKind.Insert)),
            (15, Gen.Constant((int)TimelineCommandKind.Remove)),
            (10, Gen.Constant((int)TimelineCommandKind.RemoveAuthor)),
            (1, Gen.Constant((int)TimelineCommandKind.Clear)),
            (2, Gen.Constant((int)TimelineCommandKind.Compact)))
        from user in Gen.Choose(1, 3)
        from tweet in Gen.Choose(1, 300)
        from author in Gen.Choose(1, 6)
        select new TimelineCommand(kind, user, tweet, author);

    public static Arbitrary<TimelineScenario> Scenario() =>
        (from capacity in Gen.Choose(10, 64)
         from length in Gen.Choose(0, 600)
         from commands in Gen.ArrayOf(Command, length)
         select new TimelineScenario(capacity, commands)).ToArbitrary();
}
