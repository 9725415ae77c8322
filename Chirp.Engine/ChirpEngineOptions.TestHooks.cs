namespace Chirp.Engine;

/// <summary>Test-only options, out of the public API.</summary>
public sealed partial record ChirpEngineOptions
{
    /// <summary>Wraps each search index's file directory, so that tests can make its writes fail (a full disk).</summary>
    internal Func<Lucene.Net.Store.Directory, Lucene.Net.Store.Directory>? WrapSearchDirectory { get; init; }

    /// <summary>Makes every outbox delivery to a shard it returns true for fail, as a target that cannot be reached.</summary>
    internal Func<int, bool>? FailDeliveryTo { get; init; }
}
