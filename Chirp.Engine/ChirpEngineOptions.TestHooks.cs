namespace Chirp.Engine;

/// <summary>Test-only options, out of the public API.</summary>
public sealed partial record ChirpEngineOptions
{
    /// <summary>Wraps each search index's file directory, so that tests can make its writes fail (a full disk).</summary>
    internal Func<Lucene.Net.Store.Directory, Lucene.Net.Store.Directory>? WrapSearchDirectory { get; init; }

    /// <summary>Called with the shard and the command before each top-level command applies, so that a test can make apply throw (a bug).</summary>
    internal Action<int, Commands.ShardCommand>? BeforeApply { get; init; }

    /// <summary>Called with the shard before it writes an entry's batch, so that a test can make the write fail (a storage error).</summary>
    internal Action<int>? BeforeShardWrite { get; init; }

    /// <summary>
    /// Starts neither the outbox deliverers nor maintenance, so that every entry of every shard's log is one a test
    /// submitted (the grouping-determinism tests compare logs entry by entry).
    /// </summary>
    internal bool HoldBackgroundWrites { get; init; }

    /// <summary>Makes every outbox delivery to a shard it returns true for fail, as a target that cannot be reached.</summary>
    internal Func<int, bool>? FailDeliveryTo { get; init; }
}
