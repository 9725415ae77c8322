namespace Chirp.Engine.Tests.Timelines;

/// <summary>Engine settings and the steps of one home-timeline property run.</summary>
/// <param name="Shards">Shard count.</param>
/// <param name="Users">How many accounts exist (u0, u1, ...), all created first.</param>
/// <param name="CelebrityThreshold">Followers from which an author is pulled at read time instead of fanned out.</param>
/// <param name="TimelineCapacity">Entries kept per stored timeline.</param>
/// <param name="CheckSeed">Seeds the page limits and cursors of the final check.</param>
/// <param name="Ops">The steps.</param>
public sealed record HomeTimelineScenario(int Shards, int Users, int CelebrityThreshold, int TimelineCapacity, int CheckSeed, HomeTimelineOp[] Ops)
{
    public override string ToString() =>
        $"shards={Shards} users={Users} celebrity_threshold={CelebrityThreshold} capacity={TimelineCapacity} check_seed={CheckSeed}, {Ops.Length} steps:"
        + string.Concat(Ops.Select((op, i) => $"{Environment.NewLine}  {i + 1}. {op}"));
}
