using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Releases an unconfirmed e-mail claim whose account creation was refused.</summary>
[MessagePackObject]
internal sealed class ReleaseEmail : ShardCommand
{
    [Key(2)] public string Email { get; set; } = "";

    // Key 3 held the user id before claims were leased by a claimant: never reuse it.

    [Key(4)] public Guid ClaimantId { get; set; }
}
