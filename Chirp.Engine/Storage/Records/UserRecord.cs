using MessagePack;

namespace Chirp.Engine.Storage;

[MessagePackObject]
internal sealed class UserRecord
{
    [Key(0)] public long Id { get; set; }
    [Key(1)] public string Username { get; set; } = "";
    [Key(2)] public string Email { get; set; } = "";
    [Key(3)] public string DisplayName { get; set; } = "";
    [Key(4)] public string Bio { get; set; } = "";
    [Key(5)] public string? CredentialHash { get; set; }
    [Key(6)] public long LastActiveMs { get; set; }
    [Key(7)] public long UpdatedMs { get; set; }
}
