namespace Chirp.Bench.Support;

/// <summary>Draws the author of each replayed post from a <see cref="TimelineWorld"/>, with a fixed seed.</summary>
public static class PostAuthors
{
    /// <summary>
    /// <paramref name="count"/> authors (user numbers of <paramref name="world"/>): each post is by a celebrity (uniformly
    /// chosen) with probability <paramref name="celebrityShare"/>, otherwise by a graph user drawn by
    /// <paramref name="weighting"/>.
    /// </summary>
    public static int[] Draw(TimelineWorld world, int count, PostAuthorWeighting weighting, double celebrityShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (celebrityShare is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(celebrityShare), celebrityShare, "The celebrities' share of posts must be in [0, 1].");
        }

        if (world.CelebrityCount == 0)
        {
            celebrityShare = 0;
        }

        // Cumulative weights over the graph users; a draw is a binary search for a uniform point.
        var cumulative = new long[world.RealUserCount];
        long total = 0;
        for (int u = 0; u < world.RealUserCount; u++)
        {
            total += weighting == PostAuthorWeighting.Followers ? world.Followers[u].Length + 1 : 1;
            cumulative[u] = total;
        }

        var random = new Random(seed);
        var authors = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (celebrityShare > 0 && random.NextDouble() < celebrityShare)
            {
                authors[i] = world.RealUserCount + random.Next(world.CelebrityCount);
                continue;
            }

            int index = Array.BinarySearch(cumulative, random.NextInt64(total) + 1);
            authors[i] = index >= 0 ? index : ~index;
        }

        return authors;
    }
}
