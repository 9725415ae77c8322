namespace Chirp.Engine.Tests.Timelines;

/// <summary>A home-timeline page reduced to what the model predicts: the tweet ids shown and the two cursors.</summary>
public sealed record HomeTimelinePageIds(IReadOnlyList<long> Ids, long? NextMaxId, long? PrevMinId)
{
    public static HomeTimelinePageIds Of(TimelinePage page) =>
        new([.. page.Items.Select(i => i.Tweet.Id)], page.NextMaxId, page.PrevMinId);

    public bool SameAs(HomeTimelinePageIds other) =>
        Ids.SequenceEqual(other.Ids) && NextMaxId == other.NextMaxId && PrevMinId == other.PrevMinId;
}
