using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Binds a claimant's e-mail claim to the account it created; the claim then never expires.</summary>
[MessagePackObject]
internal sealed record ConfirmEmail : ShardCommand
{
    [Key(2)] public string Email { get; init; } = "";
    [Key(3)] public Guid ClaimantId { get; init; }
    [Key(4)] public long UserId { get; init; }
}
