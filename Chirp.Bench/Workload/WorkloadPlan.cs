using System.Globalization;
using System.Text;
using Chirp.Bench.Support;

namespace Chirp.Bench.Workload;

/// <summary>
/// Everything a run does, drawn once with the settings' seed before any system starts: the world, who posts what in
/// the write phase, who reads, what is searched, the mixed phase's operations, and what the cross-check expects.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Posts: authors drawn with probability ∝ followers + 1 among graph users, and a
/// <see cref="WorkloadSettings.CelebrityPostShare"/> of posts by a uniformly drawn celebrity. Post k (1-based) has the
/// corpus text k − 1 modulo the corpus size, so a run bigger than the corpus repeats it under new numbers.</item>
/// <item>Readers: drawn with probability ∝ followings + 1 (a user who follows more reads more).</item>
/// <item>Searches: a random word (letters only, 3+ characters) of a random post of the write phase.</item>
/// <item>The mixed phase: kinds drawn by <see cref="WorkloadMix.Shares"/>; likes and retweets of uniformly drawn posts
/// of the write phase (never twice the same pair, never a retweet of one's own post); follows of a user not yet followed
/// and unfollows of a user followed, tracked as the operations are drawn.</item>
/// </list>
/// </remarks>
public sealed class WorkloadPlan
{
    private readonly string[] _texts;

    private WorkloadPlan(TimelineWorld world, WorkloadSettings settings, string[] texts)
    {
        World = world;
        Settings = settings;
        _texts = texts;
    }

    public TimelineWorld World { get; }

    public WorkloadSettings Settings { get; }

    /// <summary>The author of post k + 1 of the write phase.</summary>
    public int[] PostAuthors { get; private set; } = [];

    /// <summary>The reader of each read of the read phase.</summary>
    public int[] Readers { get; private set; } = [];

    /// <summary>The word of each search of the search phase.</summary>
    public string[] SearchWords { get; private set; } = [];

    /// <summary>The mixed phase's operations, in order.</summary>
    public MixOperation[] Mix { get; private set; } = [];

    /// <summary>The highest post number any phase uses (posts and retweets share the numbers).</summary>
    public long MaxPostNumber { get; private set; }

    /// <summary>Users whose home timeline the cross-check compares, with the posts (no retweets) it must hold.</summary>
    public IReadOnlyList<(int User, HashSet<long> Posts)> CrossCheckTimelines { get; private set; } = [];

    /// <summary>Words the cross-check searches for, with the posts that hold them.</summary>
    public IReadOnlyList<(string Word, HashSet<long> Posts)> CrossCheckSearches { get; private set; } = [];

    /// <summary>The text of post number <paramref name="post"/>.</summary>
    public string TextOf(long post) => _texts[(int)((post - 1) % _texts.Length)];

    public static WorkloadPlan Build(TimelineWorld world, string[] texts, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(settings);
        if (texts.Length == 0)
        {
            throw new ArgumentException("The corpus has no texts.", nameof(texts));
        }

        var plan = new WorkloadPlan(world, settings, texts);
        var random = new Random(settings.Seed);
        int mixPosts = (int)Math.Ceiling(settings.MixOperations * 0.2) + 16;
        int[] authors = Support.PostAuthors.Draw(world, settings.Posts + mixPosts, PostAuthorWeighting.Followers, settings.CelebrityPostShare, settings.Seed);
        plan.PostAuthors = authors[..settings.Posts];
        plan.Readers = DrawReaders(world, settings.Reads, random);
        plan.SearchWords = DrawSearchWords(plan, settings.Searches, random);
        plan.BuildMix(authors[settings.Posts..], random);
        plan.CrossCheckTimelines = plan.DrawCrossCheckTimelines(random);
        plan.CrossCheckSearches = plan.DrawCrossCheckSearches(random);
        return plan;
    }

    private static int[] DrawReaders(TimelineWorld world, int count, Random random)
    {
        var cumulative = new long[world.UserCount];
        long total = 0;
        for (int u = 0; u < world.UserCount; u++)
        {
            total += world.Following[u].Length + 1;
            cumulative[u] = total;
        }

        var readers = new int[count];
        for (int i = 0; i < count; i++)
        {
            int index = Array.BinarySearch(cumulative, random.NextInt64(total) + 1);
            readers[i] = index >= 0 ? index : ~index;
        }

        return readers;
    }

    private static string[] DrawSearchWords(WorkloadPlan plan, int count, Random random)
    {
        var words = new string[count];
        int posts = plan.PostAuthors.Length;
        for (int i = 0; i < count; i++)
        {
            string[] candidates;
            do
            {
                candidates = CorpusWords.Distinct(plan.TextOf(random.Next(posts) + 1));
            }
            while (candidates.Length == 0);
            words[i] = candidates[random.Next(candidates.Length)];
        }

        return words;
    }

    private void BuildMix(int[] postAuthors, Random random)
    {
        var world = World;
        int posts = PostAuthors.Length;
        long next = posts + 1;
        int nextAuthor = 0;
        var cumulative = new long[world.UserCount];
        long total = 0;
        for (int u = 0; u < world.UserCount; u++)
        {
            total += world.Following[u].Length + 1;
            cumulative[u] = total;
        }

        int DrawUser()
        {
            int index = Array.BinarySearch(cumulative, random.NextInt64(total) + 1);
            return index >= 0 ? index : ~index;
        }

        var following = new Dictionary<int, HashSet<int>>();
        HashSet<int> FollowingOf(int user)
        {
            if (!following.TryGetValue(user, out var set))
            {
                set = [.. world.Following[user]];
                following[user] = set;
            }

            return set;
        }

        var liked = new HashSet<(int, long)>();
        var retweeted = new HashSet<(int, long)>();
        var mix = new MixOperation[Settings.MixOperations];
        for (int i = 0; i < mix.Length; i++)
        {
            var kind = WorkloadMix.Pick(random.NextDouble());
            int user = DrawUser();
            switch (kind)
            {
                case OperationKind.Post:
                    mix[i] = new MixOperation(kind, postAuthors[nextAuthor++], 0, next++, 0, null);
                    break;
                case OperationKind.Read:
                    mix[i] = new MixOperation(kind, user, 0, 0, 0, null);
                    break;
                case OperationKind.Search:
                    mix[i] = new MixOperation(kind, user, 0, 0, 0, SearchWords[random.Next(SearchWords.Length)]);
                    break;
                case OperationKind.Like:
                {
                    long post;
                    do
                    {
                        post = random.Next(posts) + 1;
                    }
                    while (!liked.Add((user, post)));
                    mix[i] = new MixOperation(kind, user, 0, post, 0, null);
                    break;
                }

                case OperationKind.Retweet:
                {
                    long post;
                    do
                    {
                        post = random.Next(posts) + 1;
                    }
                    while (PostAuthors[post - 1] == user || !retweeted.Add((user, post)));
                    mix[i] = new MixOperation(kind, user, 0, post, next++, null);
                    break;
                }

                case OperationKind.Follow:
                {
                    var set = FollowingOf(user);
                    int followee;
                    do
                    {
                        followee = random.Next(world.UserCount);
                    }
                    while (followee == user || set.Contains(followee));
                    set.Add(followee);
                    mix[i] = new MixOperation(kind, user, followee, 0, 0, null);
                    break;
                }

                case OperationKind.Unfollow:
                {
                    var set = FollowingOf(user);
                    if (set.Count == 0)
                    {
                        // Nobody to unfollow: this user reads instead, which keeps the shares close.
                        mix[i] = new MixOperation(OperationKind.Read, user, 0, 0, 0, null);
                        break;
                    }

                    int followee = set.ElementAt(random.Next(set.Count));
                    set.Remove(followee);
                    mix[i] = new MixOperation(kind, user, followee, 0, 0, null);
                    break;
                }
            }
        }

        Mix = mix;
        MaxPostNumber = next - 1;
    }

    /// <summary>
    /// Users whose home timeline after the write phase holds 1 to 200 posts, so that the whole of it can be compared
    /// (systems order entries by their own ids, which concurrent writes may order differently from post numbers, so
    /// the comparison is of whole timelines as sets).
    /// </summary>
    private List<(int, HashSet<long>)> DrawCrossCheckTimelines(Random random)
    {
        var byAuthor = new List<long>?[World.UserCount];
        for (int i = 0; i < PostAuthors.Length; i++)
        {
            (byAuthor[PostAuthors[i]] ??= []).Add(i + 1);
        }

        var chosen = new List<(int, HashSet<long>)>();
        foreach (int user in Enumerable.Range(0, World.UserCount).OrderBy(_ => random.Next()))
        {
            if (chosen.Count >= Settings.CrossCheckUsers)
            {
                break;
            }

            int size = (byAuthor[user]?.Count ?? 0) + World.Following[user].Sum(f => byAuthor[f]?.Count ?? 0);
            if (size is < 1 or > 200)
            {
                continue;
            }

            var posts = new HashSet<long>(byAuthor[user] ?? []);
            foreach (int followee in World.Following[user])
            {
                posts.UnionWith(byAuthor[followee] ?? []);
            }

            chosen.Add((user, posts));
        }

        return chosen;
    }

    /// <summary>
    /// Words (ASCII letters, 4+ characters) held by 1 to 100 posts of the write phase, and only ever as a whole
    /// white-space separated token (any case). A word that also appears inside a longer token (with punctuation, an
    /// apostrophe, '#' or '@', in a URL, or as an accented variant) is left out: search engines split and fold those
    /// differently by design, and the cross-check is about the systems agreeing on what they hold, not on tokenizers.
    /// </summary>
    private List<(string, HashSet<long>)> DrawCrossCheckSearches(Random random)
    {
        var postsOfWord = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        var spoiled = new HashSet<string>(StringComparer.Ordinal);
        for (long post = 1; post <= PostAuthors.Length; post++)
        {
            foreach (string token in TextOf(post).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                string lower = token.ToLowerInvariant();
                if (lower.Length >= 4 && IsAsciiLetters(lower))
                {
                    if (!postsOfWord.TryGetValue(lower, out var set))
                    {
                        postsOfWord[lower] = set = [];
                    }

                    set.Add(post);
                    continue;
                }

                foreach (string run in AsciiLetterRuns(Fold(lower)))
                {
                    spoiled.Add(run);
                }
            }
        }

        return [.. postsOfWord
            .Where(p => p.Value.Count <= 100 && !spoiled.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, p.Value))
            .OrderBy(_ => random.Next())
            .Take(Settings.CrossCheckWords)];
    }

    private static bool IsAsciiLetters(string text)
    {
        foreach (char c in text)
        {
            if (c is < 'a' or > 'z')
            {
                return false;
            }
        }

        return true;
    }

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (char c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static IEnumerable<string> AsciiLetterRuns(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            bool letter = i < text.Length && text[i] is >= 'a' and <= 'z';
            if (letter && start < 0)
            {
                start = i;
            }
            else if (!letter && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }
}
