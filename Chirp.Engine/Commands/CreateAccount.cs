using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Creates an account on its shard, with its username index entry.</summary>
[MessagePackObject]
internal sealed class CreateAccount : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public string Username { get; set; } = "";
    [Key(4)] public string Email { get; set; } = "";
    [Key(5)] public string DisplayName { get; set; } = "";
    [Key(6)] public string Bio { get; set; } = "";
    [Key(7)] public string? CredentialHash { get; set; }
}
