using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Stores the credential hash the caller computed.</summary>
[MessagePackObject]
internal sealed class SetCredential : ShardCommand
{
    [Key(2)] public long UserId { get; set; }
    [Key(3)] public string CredentialHash { get; set; } = "";
}
