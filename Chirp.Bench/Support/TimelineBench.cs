using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Data;

namespace Chirp.Bench.Support;

/// <summary>
/// The setup of the home-timeline benchmarks: the real follow graph plus synthetic celebrities loaded into a fresh
/// engine whose celebrity threshold fans out every graph user and pulls every celebrity, every user made active by one
/// home read, and the posts to replay (authors drawn, corpus texts). Dispose deletes the engine.
/// </summary>
public sealed class TimelineBench : IDisposable
{
    private TimelineBench(TimelineBenchSettings settings, ScratchEngine scratch, TimelineWorld world, int[] authors, string[] texts)
    {
        Settings = settings;
        Scratch = scratch;
        World = world;
        Authors = authors;
        Texts = texts;
    }

    public TimelineBenchSettings Settings { get; }

    public ScratchEngine Scratch { get; }

    public TimelineWorld World { get; }

    /// <summary>The author of each post to replay.</summary>
    public int[] Authors { get; }

    /// <summary>The corpus texts the posts cycle through.</summary>
    public string[] Texts { get; }

    /// <summary>Builds and loads everything, printing each step's time to <paramref name="log"/>.</summary>
    public static async Task<TimelineBench> PrepareAsync(TimelineBenchSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var inv = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var edges = new FollowGraphFile(settings.GraphPath).LoadEdges(settings.EdgeLimit);
        var world = TimelineWorld.Build(edges, settings.Celebrities, settings.TopCelebrityShare, settings.Seed);
        log.WriteLine($"world: {world.RealUserCount:N0} graph users, {world.RealEdgeCount:N0} graph follows (max in-degree {world.MaxRealFollowers}), " +
            $"{world.CelebrityCount} celebrities with {string.Join(" / ", Enumerable.Range(world.RealUserCount, world.CelebrityCount).Select(c => world.Followers[c].Length.ToString("N0", inv)))} followers; built in {clock.Elapsed.TotalSeconds:F1} s");

        var corpus = TweetCorpusFile.Default();
        string[] texts = corpus.LoadValidTexts();
        int posts = settings.Posts ?? texts.Length;
        int[] authors = PostAuthors.Draw(world, posts, settings.Weighting, settings.CelebrityPostShare, settings.Seed + 1);
        log.WriteLine($"posts: {posts:N0} ({authors.Count(world.IsCelebrity):N0} by celebrities), authors weighted {settings.Weighting.ToString().ToLowerInvariant()}, texts from {texts.Length:N0} valid corpus tweets");

        int threshold = settings.CelebrityThreshold ?? world.CelebrityThreshold;
        var scratch = ScratchEngine.Create(settings.Shards, parent: settings.Directory, configure: o => o with
        {
            CelebrityThreshold = threshold,
            TimelineCapacity = settings.TimelineCapacity,
            TimelineMemoryBytes = settings.TimelineMemoryBytes ?? o.TimelineMemoryBytes,
            ExpectedActiveUsers = Math.Max(1_000, world.UserCount),
        });
        try
        {
            log.WriteLine($"engine: {scratch.Directory} shards={settings.Shards} CelebrityThreshold={threshold}{(threshold == world.CelebrityThreshold ? " (graph users fanned out, celebrities pulled)" : "")} TimelineCapacity={settings.TimelineCapacity} TimelineMemoryBytes={scratch.Engine.Options.TimelineMemoryBytes:N0}");
            await world.LoadAsync(scratch.Engine, log: log).ConfigureAwait(false);

            clock.Restart();
            world.Activate(scratch.Engine, [.. Enumerable.Range(0, world.UserCount)], settings.ActivateParallelism);
            var statistics = scratch.Engine.GetTimelineStatistics();
            log.WriteLine($"activated: {statistics.ActiveTimelines:N0} users by one home read each in {clock.Elapsed.TotalSeconds:F1} s ({world.UserCount / clock.Elapsed.TotalSeconds:N0}/s, {settings.ActivateParallelism} threads); timeline log {statistics.LogBytes:N0} bytes");
            return new TimelineBench(settings, scratch, world, authors, texts);
        }
        catch
        {
            scratch.Dispose();
            throw;
        }
    }

    /// <summary>Replays the posts (see <see cref="PostReplay"/>).</summary>
    public Task<ReplayResult> ReplayAsync(bool sampleLag, TimeSpan? lagInterval = null, bool holdFanout = false) =>
        PostReplay.RunAsync(Scratch.Engine, World, Authors, Texts, Settings.CreateConcurrency, sampleLag, lagInterval, holdFanout);

    /// <summary>
    /// Counts the stored timelines and their entries: for every user, the stored timeline's state as the timeline store
    /// reports it (read through internals; a user without a stored timeline counts nothing).
    /// </summary>
    public StoredTimelineCensus CountStoredEntries() => StoredTimelineCensus.Take(Scratch.Engine, World.Ids);

    public void Dispose() => Scratch.Dispose();
}
