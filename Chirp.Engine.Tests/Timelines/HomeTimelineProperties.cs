using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Chirp.Engine.Tests.Timelines;

/// <summary>
/// Random follow, tweet, reply, retweet, delete, read, idle and reopen sequences against the engine (low celebrity
/// thresholds, small capacities) and <see cref="HomeTimelineModel"/>: every home-timeline page, read in the middle or
/// at the end, must be what a plain pull over the logs gives. Stored timelines, fanout, celebrities, eviction,
/// inactivity and restarts are all invisible in the answers.
/// </summary>
public sealed class HomeTimelineProperties
{
    [Property(MaxTest = 60, QuietOnSuccess = true, Arbitrary = [typeof(HomeTimelineScenarioArbitrary)])]
    public Property Every_home_timeline_page_is_what_a_plain_pull_gives(HomeTimelineScenario scenario)
    {
        using var run = new HomeTimelineRun(scenario);
        run.RunSteps();
        run.CheckEverything();
        var c = run.Coverage;
        return Prop.ToProperty(true)
            .Classify(c.CelebrityCrossedBothWays, "celebrity both ways")
            .Classify(c.CelebrityCrossed && !c.CelebrityCrossedBothWays, "celebrity one way")
            .Classify(c.OverCapacity, "over capacity")
            .Classify(c.HiddenRetweet, "hidden retweet")
            .Classify(c.RetweetPastWindow, "retweet past the window")
            .Classify(c.Refused, "refusal")
            .Classify(c.Reopened, "reopen")
            .Classify(c.DroppedInactive, "dropped inactive");
    }
}
