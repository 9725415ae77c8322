using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>
/// Claims an e-mail address for an account creation (the claimant), on the shard that owns the address, with a lease:
/// refused while another claimant's lease runs at this command's time or once the address is confirmed to an account.
/// Applying it again for the same claimant changes nothing but the lease, so it keeps no request record: a remembered
/// "ok" would outlive the lease and answer a retry made after another creation took the address.
/// </summary>
[MessagePackObject]
internal sealed record ClaimEmail : ShardCommand
{
    [Key(2)] public string Email { get; init; } = "";

    // Key 3 held the user id before claims were leased by a claimant: never reuse it.

    /// <summary>A claim from before leases naming this account, which was found not to hold the address: it may be taken.</summary>
    [Key(4)] public long StaleOwnerId { get; init; }

    [Key(5)] public Guid ClaimantId { get; init; }

    /// <summary>The end of the lease, decided when the command was built (command time plus the lease).</summary>
    [Key(6)] public long LeaseUntilMs { get; init; }

    /// <summary>The username (lower-cased) the claimant creates.</summary>
    [Key(7)] public string Username { get; init; } = "";

    [IgnoreMember]
    public override bool RemembersRequest => false;
}
