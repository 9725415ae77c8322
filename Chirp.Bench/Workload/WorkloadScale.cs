namespace Chirp.Bench.Workload;

/// <summary>How big a workload run is (see <see cref="WorkloadSettings.ForScale"/>).</summary>
public enum WorkloadScale
{
    /// <summary>About 40 s per system on 2 cores: the command-line contract's size.</summary>
    Small,

    /// <summary>A few minutes per system.</summary>
    Medium,

    /// <summary>The whole graph and the corpus twice over; tens of minutes per system.</summary>
    Large,
}
