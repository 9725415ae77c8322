namespace Chirp.Engine;

/// <summary>One entry of a shard's change feed, in order of <see cref="Position"/> (1, 2, 3, ... with no gaps).</summary>
/// <param name="Shard">The shard whose feed this is.</param>
/// <param name="Position">The entry's position in that feed.</param>
/// <param name="Kind">What changed.</param>
/// <param name="SubjectId">The tweet or account that changed (see <see cref="ChangeKind"/>).</param>
/// <param name="ActorId">Who did it, where that applies; else 0.</param>
/// <param name="TargetId">A second id where the kind names one (parent, original); else 0.</param>
/// <param name="At">When the command was built.</param>
public sealed record ChangeEntry(int Shard, long Position, ChangeKind Kind, long SubjectId, long ActorId, long TargetId, DateTimeOffset At);
