using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>
/// Who holds an e-mail address: an account creation in progress (a lease until <see cref="LeaseUntilMs"/>, command
/// time), or, once confirmed, the account. Claims written before leases existed name their account from the start and
/// have no claimant.
/// </summary>
[MessagePackObject]
internal sealed class EmailClaim
{
    /// <summary>The account the address belongs to once the claim is confirmed; 0 while it is only leased.</summary>
    [Key(0)] public long UserId { get; set; }

    [Key(1)] public long ClaimedAtMs { get; set; }

    /// <summary>The request id of the account creation that claimed the address (empty in claims older than leases).</summary>
    [Key(2)] public Guid ClaimantId { get; set; }

    /// <summary>Until when (command time) an unconfirmed claim holds the address against other claimants; 0 once confirmed.</summary>
    [Key(3)] public long LeaseUntilMs { get; set; }

    /// <summary>The claimant's username (lower-cased): where to look for an account it created but did not confirm.</summary>
    [Key(4)] public string Username { get; set; } = "";

    [IgnoreMember]
    public bool IsConfirmed => UserId != 0;
}
