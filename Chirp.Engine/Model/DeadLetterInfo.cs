namespace Chirp.Engine;

/// <summary>A cross-shard message that could never apply, kept for an operator.</summary>
/// <param name="SourceShard">The shard that sent it.</param>
/// <param name="TargetShard">The shard that refused it.</param>
/// <param name="MessageType">The command type.</param>
/// <param name="Code">The error code the target gave.</param>
/// <param name="Reason">The error message the target gave.</param>
/// <param name="At">When it was dead-lettered.</param>
public sealed record DeadLetterInfo(int SourceShard, int TargetShard, string MessageType, string Code, string Reason, DateTimeOffset At);
