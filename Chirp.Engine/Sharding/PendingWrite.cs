namespace Chirp.Engine.Sharding;

/// <summary>An entry of a shard's write queue: applied into the current group, completed once the group is written.</summary>
internal abstract class PendingWrite
{
    public abstract int CommandCount { get; }

    public abstract void ApplyIn(Shard shard);

    public abstract void Complete();

    public abstract void Fail(Exception error);
}
