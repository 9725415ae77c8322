namespace Chirp.Engine.Sharding;

/// <summary>A change-feed consumer's hold on its shard's data for one batch; a snapshot install waits for it.</summary>
internal readonly struct ConsumerPass(ReaderWriterLockSlim gate) : IDisposable
{
    public void Dispose() => gate.ExitReadLock();
}
