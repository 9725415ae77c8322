using MessagePack;

namespace Chirp.Engine.Commands;

/// <summary>Records when an account was last active (the later of the stored and the given time).</summary>
[MessagePackObject]
internal sealed record RecordActivity : ShardCommand
{
    [Key(2)] public long UserId { get; init; }
    [Key(3)] public long ActiveAtMs { get; init; }

    /// <summary>
    /// Applying it again keeps the later time, so a retry is harmless; and it is made for every active session, so
    /// remembering each request id would make the request records grow with reads, not writes.
    /// </summary>
    [IgnoreMember]
    public override bool RemembersRequest => false;
}
