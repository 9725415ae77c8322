using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Releases an unconfirmed e-mail claim whose account creation was refused.</summary>
[MessagePackObject]
internal sealed record ReleaseEmail : ShardCommand
{
    [Key(2)] public string Email { get; init; } = "";

    // Key 3 held the user id before claims were leased by a claimant: never reuse it.

    [Key(4)] public Guid ClaimantId { get; init; }
}
