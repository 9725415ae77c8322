namespace Chirp.Bench.Support;

/// <summary>The setup shared by the <c>fanout</c> and <c>home-reads</c> commands (see <see cref="TimelineBench"/>).</summary>
public sealed record TimelineBenchSettings
{
    /// <summary>The follow graph file.</summary>
    public required string GraphPath { get; init; }

    /// <summary>Only the first N edges of the file; null for all.</summary>
    public long? EdgeLimit { get; init; }

    /// <summary>Synthetic celebrities added to the graph.</summary>
    public int Celebrities { get; init; } = 5;

    /// <summary>The share of users following the first celebrity; each next one has half.</summary>
    public double TopCelebrityShare { get; init; } = 0.30;

    public int Shards { get; init; } = 4;

    /// <summary>
    /// The engine's <c>CelebrityThreshold</c>; null for the world's own (the graph's maximum in-degree + 1, which fans out
    /// every graph user and pulls every celebrity). A value above every celebrity's follower count fans out all.
    /// </summary>
    public int? CelebrityThreshold { get; init; }

    /// <summary>The engine's <c>TimelineCapacity</c>.</summary>
    public int TimelineCapacity { get; init; } = 800;

    /// <summary>The engine's <c>TimelineMemoryBytes</c>; null for the engine's default (1 GiB).</summary>
    public long? TimelineMemoryBytes { get; init; }

    /// <summary>Posts to replay; null for one per valid corpus text.</summary>
    public int? Posts { get; init; }

    public PostAuthorWeighting Weighting { get; init; } = PostAuthorWeighting.Followers;

    /// <summary>The share of posts made by celebrities.</summary>
    public double CelebrityPostShare { get; init; } = 0.01;

    /// <summary>Concurrent create loops of the replay.</summary>
    public int CreateConcurrency { get; init; } = 16;

    /// <summary>Threads making the activation reads.</summary>
    public int ActivateParallelism { get; init; } = Environment.ProcessorCount;

    public int Seed { get; init; } = 20251202;

    /// <summary>Parent of the temporary engine directory; null for the system temp directory.</summary>
    public string? Directory { get; init; }
}
