using Chirp.Bench.Data;
using Chirp.Bench.Support;
using Chirp.Bench.Workload;

namespace Chirp.Engine.Tests.Workload;

/// <summary>
/// One PostgreSQL server for all of <see cref="PostgresSystemTests"/>, loaded with a small world of independent groups
/// (one per test, so the tests do not see each other's follows). Nodes 1 … 15 are users 0 … 14.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    /// <summary>
    /// Home: 0 follows 1 and 2, 3 follows 0. Retweets: 4 follows 5, 6 follows 4. Follows: 7 follows 8, 9 follows 7.
    /// Likes: 10 follows 11. Search: 12 follows 13. 14 follows itself (the load skips it).
    /// </summary>
    public static IReadOnlyList<FollowEdge> Edges { get; } =
    [
        new(1, 2), new(1, 3), new(4, 1),
        new(5, 6), new(7, 5),
        new(8, 9), new(10, 8),
        new(11, 12),
        new(13, 14),
        new(15, 15),
    ];

    public TimelineWorld World { get; } = TimelineWorld.Build([.. Edges], celebrities: 0, topShare: 0.3, seed: 1);

    /// <summary>Null when PostgreSQL is not installed (the tests skip).</summary>
    public PostgresSystem? System { get; private set; }

    public static bool Installed => PostgresServerProcess.FindBinDirectory() is not null;

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            return;
        }

        System = await PostgresSystem.StartAsync();
        try
        {
            await System.LoadAsync(World, new Progress<int>(), CancellationToken.None);
        }
        catch
        {
            // Stop the server now rather than rely on what the test framework does with a fixture that failed to start.
            await System.DisposeAsync();
            System = null;
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (System is not null)
        {
            await System.DisposeAsync();
        }
    }
}
