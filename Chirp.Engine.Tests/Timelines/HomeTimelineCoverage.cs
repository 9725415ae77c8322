namespace Chirp.Engine.Tests.Timelines;

/// <summary>What a home-timeline property run exercised, for the property's classification of its cases.</summary>
public sealed class HomeTimelineCoverage
{
    /// <summary>Some author posted both below and at the celebrity threshold (by the model's follower count).</summary>
    public bool CelebrityCrossed { get; set; }

    /// <summary>Some author posted below, at, then below the threshold again, or the other way round.</summary>
    public bool CelebrityCrossedBothWays { get; set; }

    /// <summary>Some checked timeline had more visible entries than a stored timeline holds.</summary>
    public bool OverCapacity { get; set; }

    /// <summary>Some checked timeline had a retweet hidden by the 40-entry rule.</summary>
    public bool HiddenRetweet { get; set; }

    /// <summary>Some checked timeline showed a retweet whose original (or another retweet of it) is further back than 40 entries.</summary>
    public bool RetweetPastWindow { get; set; }

    public bool Refused { get; set; }

    public bool Reopened { get; set; }

    public bool DroppedInactive { get; set; }
}
