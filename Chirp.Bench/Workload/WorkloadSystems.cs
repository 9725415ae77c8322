namespace Chirp.Bench.Workload;

/// <summary>The systems a run can compare, by name, and how each starts.</summary>
public static class WorkloadSystems
{
    /// <summary>Every system, in the order a run takes them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["chirp", "chirp-http", "redis", "postgres"];

    /// <summary>
    /// Starts the system named <paramref name="name"/> for <paramref name="plan"/>, its files under
    /// <paramref name="parent"/>. Throws <see cref="WorkloadSystemUnavailableException"/> when it cannot start.
    /// </summary>
    public static async Task<IWorkloadSystem> StartAsync(string name, WorkloadPlan plan, string? parent)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return name switch
        {
            "chirp" => ChirpSystem.Start(plan.World, plan.Settings.Shards, parent),
            "chirp-http" => await ChirpHttpSystem.StartAsync(plan.World, plan.Settings.Shards, parent).ConfigureAwait(false),
            "redis" => await RedisSystem.StartAsync(new Redis.RedisSystemOptions { ParentDirectory = parent }).ConfigureAwait(false),
            "postgres" => await PostgresSystem.StartAsync(parent: parent).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, $"Unknown system; known: {string.Join(", ", Names)}."),
        };
    }
}
