using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Claims an e-mail address for an account on the shard that owns the address.</summary>
[MessagePackObject]
internal sealed record ClaimEmail : ShardCommand
{
    [Key(2)] public string Email { get; init; } = "";
    [Key(3)] public long UserId { get; init; }
    [Key(4)] public long StaleOwnerId { get; init; }
}
