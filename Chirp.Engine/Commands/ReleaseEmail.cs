using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Releases an e-mail claim held by an account that was not created.</summary>
[MessagePackObject]
internal sealed record ReleaseEmail : ShardCommand
{
    [Key(2)] public string Email { get; init; } = "";
    [Key(3)] public long UserId { get; init; }
}
