namespace Chirp.Engine;

/// <summary>
/// The cross-shard messages one write sent (the other side of a follow or a like, when it lives on another shard).
/// Pass it to <see cref="ChirpEngine.WaitForDeliveryAsync"/> to wait for just those.
/// </summary>
public readonly struct OutboxReceipt
{
    internal OutboxReceipt(int shard, long from, long through)
    {
        Shard = shard;
        From = from;
        Through = through;
    }

    /// <summary>True when the write sent no message (both sides lived on one shard, or nothing changed).</summary>
    public bool IsEmpty => From > Through || Through == 0;

    internal int Shard { get; }

    internal long From { get; }

    internal long Through { get; }
}
