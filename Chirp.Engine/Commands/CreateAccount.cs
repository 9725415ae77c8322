using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates an account on its shard, with its username index entry.</summary>
[MessagePackObject]
internal sealed record CreateAccount : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public string Username { get; init; } = "";
    [Key(4)] public string Email { get; init; } = "";
    [Key(5)] public string DisplayName { get; init; } = "";
    [Key(6)] public string Bio { get; init; } = "";
    [Key(7)] public string? CredentialHash { get; init; }
}
