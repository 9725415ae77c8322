namespace Chirp.Bench.Workload;

/// <summary>
/// After the write phase, every system's sampled home timelines and search results are compared with what the plan
/// says they hold (the posts of the user and of everyone the user follows; the posts holding the word). Systems that
/// each agree with the plan agree with each other. Timelines and results are compared as sets of posts: systems order
/// by their own ids, which concurrent writes may order differently from the post numbers.
/// </summary>
public static class CrossCheck
{
    /// <summary>One system's agreement.</summary>
    /// <param name="System">The system.</param>
    /// <param name="TimelinesAgreeing">Sampled timelines equal to the plan's.</param>
    /// <param name="Timelines">Sampled timelines.</param>
    /// <param name="SearchesAgreeing">Sampled searches equal to the plan's.</param>
    /// <param name="Searches">Sampled searches (0 without search).</param>
    /// <param name="Differences">The first differences, described.</param>
    public sealed record Outcome(string System, int TimelinesAgreeing, int Timelines, int SearchesAgreeing, int Searches, IReadOnlyList<string> Differences)
    {
        public bool Agrees => TimelinesAgreeing == Timelines && SearchesAgreeing == Searches;
    }

    public static Outcome Compare(WorkloadPlan plan, SystemRun run)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(run);
        var differences = new List<string>();
        int timelines = 0;
        foreach (var (user, expected) in plan.CrossCheckTimelines)
        {
            if (Same(expected, run.HomePosts[user], out string? why))
            {
                timelines++;
            }
            else if (differences.Count < 5)
            {
                differences.Add($"home timeline of user {user} ({plan.World.Username(user)}): {why}");
            }
        }

        int searches = 0;
        foreach (var (word, expected) in plan.CrossCheckSearches)
        {
            if (!run.SearchPosts.TryGetValue(word, out var found))
            {
                continue;
            }

            if (Same(expected, found, out string? why))
            {
                searches++;
            }
            else if (differences.Count < 10)
            {
                differences.Add($"search '{word}': {why}");
            }
        }

        return new Outcome(run.Name, timelines, plan.CrossCheckTimelines.Count, searches, run.SearchPosts.Count == 0 ? 0 : plan.CrossCheckSearches.Count, differences);
    }

    private static bool Same(HashSet<long> expected, IReadOnlyList<long> found, out string? why)
    {
        var set = new HashSet<long>(found);
        if (set.Count != found.Count)
        {
            why = $"{found.Count - set.Count} posts listed twice";
            return false;
        }

        if (set.SetEquals(expected))
        {
            why = null;
            return true;
        }

        int missing = expected.Count(p => !set.Contains(p));
        int extra = set.Count(p => !expected.Contains(p));
        why = $"expected {expected.Count} posts, got {found.Count}: {missing} missing (e.g. {string.Join(", ", expected.Where(p => !set.Contains(p)).Take(3))}), {extra} unexpected (e.g. {string.Join(", ", set.Where(p => !expected.Contains(p)).Take(3))})";
        return false;
    }
}
