using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Stores the credential hash the caller computed.</summary>
[MessagePackObject]
internal sealed record SetCredential : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public string CredentialHash { get; init; } = "";
}
