using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records when an account was last active.</summary>
[MessagePackObject]
internal sealed class RecordActivity : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public long ActiveAtMs { get; set; }
}
