using MessagePack;

namespace Chirp.Engine.Storage;

/// <summary>Which account holds an e-mail address. A claim whose account was never created is stale and may be taken.</summary>
[MessagePackObject]
internal sealed class EmailClaim
{
    [Key(0)] public long UserId { get; set; }
    [Key(1)] public long ClaimedAtMs { get; set; }
}
