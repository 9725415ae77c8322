using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records when an account was last active.</summary>
[MessagePackObject]
internal sealed record RecordActivity : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long ActiveAtMs { get; init; }
}
