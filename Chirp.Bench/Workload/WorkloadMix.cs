namespace Chirp.Bench.Workload;

/// <summary>
/// The shares of the mixed phase. Reads dominate, as on every social network; writes are mostly posts and likes;
/// follows and unfollows are rare. A system without search skips the searches of the mix.
/// </summary>
public static class WorkloadMix
{
    /// <summary>Each kind's share of the mixed phase (they sum to 1).</summary>
    public static IReadOnlyList<(OperationKind Kind, double Share)> Shares { get; } =
    [
        (OperationKind.Read, 0.55),
        (OperationKind.Post, 0.15),
        (OperationKind.Like, 0.15),
        (OperationKind.Search, 0.07),
        (OperationKind.Retweet, 0.04),
        (OperationKind.Follow, 0.025),
        (OperationKind.Unfollow, 0.015),
    ];

    /// <summary>The kind a uniform draw in [0, 1) falls on.</summary>
    public static OperationKind Pick(double uniform)
    {
        double cumulative = 0;
        foreach (var (kind, share) in Shares)
        {
            cumulative += share;
            if (uniform < cumulative)
            {
                return kind;
            }
        }

        return Shares[^1].Kind;
    }
}
