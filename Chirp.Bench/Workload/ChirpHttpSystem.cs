using System.Globalization;
using Chirp.Bench.Support;
using Chirp.Engine;
using Chirp.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Chirp.Bench.Workload;

/// <summary>
/// Chirp.Server over loopback HTTP (<c>chirp-http</c>): the server runs in this process (<see cref="HttpBenchServer"/>,
/// in-process Kestrel on 127.0.0.1) and every measured operation is one or more Mastodon API requests made as a client
/// makes them, with the user's bearer token, through one pooled <see cref="HttpClient"/>: a post is
/// <c>POST /api/v1/statuses</c>, a retweet <c>POST /api/v1/statuses/:id/reblog</c>, a like <c>…/favourite</c>, a follow
/// <c>POST /api/v1/accounts/:id/follow</c>, a home read <c>GET /api/v1/timelines/home</c>, a search
/// <c>GET /api/v2/search?type=statuses</c>. Any answer other than 2xx throws.
/// </summary>
/// <remarks>
/// <para>
/// Setup is not done through the API, because signing up tens of thousands of users costs a PBKDF2 password hash each
/// (~50 ms): the graph is loaded through the engine inside the server, and tokens are issued by the server's
/// <see cref="TokenIssuer"/> as a login would (for an app registered with <c>POST /api/v1/apps</c>, with the scopes
/// read, write and follow); every measured operation is an HTTP request. Making readers active (one first home read
/// each) goes through the engine too.
/// </para>
/// <para>
/// Status ids are the server's own; <see cref="WorkloadIdMap"/> maps post and retweet numbers to them and back. Reads
/// of more than 40 entries (the API's page limit) page with <c>max_id</c> as a client would. Searches are anonymous
/// (the interface names no reader). <see cref="ProcessIds"/> is this process: its RSS includes the load generator
/// and the harness, not the server alone.
/// </para>
/// </remarks>
public sealed partial class ChirpHttpSystem : IWorkloadSystem
{
    private static readonly string[] TokenScopes = [Scopes.Read, Scopes.Write, Scopes.Follow];

    private readonly TimelineWorld _world;
    private readonly HttpClient _client;
    private readonly WorkloadIdMap _statuses = new();
    private long[] _userIds = [];
    private string[] _authorizations = [];

    private ChirpHttpSystem(TimelineWorld world, HttpBenchServer server, int shards, int celebrityThreshold)
    {
        _world = world;
        Server = server;
        _client = server.Client;
        CelebrityThreshold = celebrityThreshold;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"Chirp.Server {typeof(TokenIssuer).Assembly.GetName().Version} (Mastodon API) in-process Kestrel on 127.0.0.1:{server.BaseAddress.Port}, HTTP/1.1 keep-alive pool; shards={shards}, CelebrityThreshold={celebrityThreshold}, ExpectedActiveUsers={Math.Max(1_000, world.UserCount)}, rate limits at their maxima");
    }

    /// <inheritdoc/>
    public string Name => "chirp-http";

    /// <inheritdoc/>
    public bool SupportsSearch => true;

    /// <inheritdoc/>
    public bool FansOut => true;

    /// <inheritdoc/>
    public IReadOnlyList<int> ProcessIds { get; } = [Environment.ProcessId];

    /// <inheritdoc/>
    public string Description { get; }

    /// <summary>The server, its engine and its client (for inspection; the workload goes through the API only).</summary>
    public HttpBenchServer Server { get; }

    /// <summary>Followers at which the server's engine pulls an author at read time instead of fanning out.</summary>
    public int CelebrityThreshold { get; }

    /// <inheritdoc/>
    public long FanoutInserts => Server.Engine.GetTimelineStatistics().FanoutInserts;

    /// <summary>
    /// Starts Chirp.Server for <paramref name="world"/> with <paramref name="shards"/> engine shards, its data directory
    /// under <paramref name="parentDirectory"/> (the temporary directory if null), and the celebrity threshold
    /// <paramref name="celebrityThreshold"/> (by default <see cref="TimelineWorld.CelebrityThreshold"/>: every graph user
    /// fanned out, every celebrity pulled). <see cref="LoadAsync"/> must then be given the same world.
    /// </summary>
    public static async Task<ChirpHttpSystem> StartAsync(TimelineWorld world, int shards, string? parentDirectory, int? celebrityThreshold = null)
    {
        ArgumentNullException.ThrowIfNull(world);
        int threshold = celebrityThreshold ?? world.CelebrityThreshold;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold, nameof(celebrityThreshold));
        var server = await HttpBenchServer.StartAsync(shards, parentDirectory,
            [
                "--Chirp:CelebrityThreshold", threshold.ToString(CultureInfo.InvariantCulture),
                // Sized for the users who will read, as ChirpSystem and a deployment would size it.
                "--Chirp:ExpectedActiveUsers", Math.Max(1_000, world.UserCount).ToString(CultureInfo.InvariantCulture),
                // Durable as the in-process `chirp` system (no fsync), which the workload compares it with; the
                // server's own default syncs since issue 14.
                "--Chirp:SyncWrites", "false",
            ]).ConfigureAwait(false);
        return new ChirpHttpSystem(world, server, shards, threshold);
    }

    /// <summary>The server's status id of post or retweet <paramref name="number"/> (throws if it was not made here).</summary>
    public long StatusIdOf(long number) => _statuses.IdOf(number);

    /// <summary>
    /// Loads the accounts and follows through the engine inside the server (<see cref="TimelineWorld.LoadAsync"/>,
    /// leaving the world's <see cref="TimelineWorld.Ids"/> as they were, since other systems may use the same world),
    /// registers an app through the API and issues every user a token with the server's <see cref="TokenIssuer"/>.
    /// Reports the number of users once all of it is done.
    /// </summary>
    public async Task LoadAsync(TimelineWorld world, IProgress<int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(progress);
        if (!ReferenceEquals(world, _world))
        {
            throw new ArgumentException("Load the world the system was started for: its celebrity threshold is the server's.", nameof(world));
        }

        cancellationToken.ThrowIfCancellationRequested();
        long[] saved = [.. world.Ids];
        try
        {
            await world.LoadAsync(Server.Engine).ConfigureAwait(false);
            _userIds = [.. world.Ids];
        }
        finally
        {
            saved.CopyTo(world.Ids, 0);
        }

        cancellationToken.ThrowIfCancellationRequested();
        string clientId = await RegisterAppAsync().ConfigureAwait(false);
        var issuer = Server.Services.GetRequiredService<TokenIssuer>();
        var authorizations = new string[_userIds.Length];
        Parallel.For(0, authorizations.Length, new ParallelOptions { CancellationToken = cancellationToken }, u =>
            authorizations[u] = "Bearer " + issuer.Issue(_userIds[u], clientId, TokenScopes).AccessToken);
        _authorizations = authorizations;
        progress.Report(world.UserCount);
    }

    /// <summary>One home read per user through the engine (setup, not measured), as many at once as there are cores.</summary>
    public Task ActivateAsync(IReadOnlyList<int> users, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(users);
        var engine = Server.Engine;
        long[] ids = _userIds;
        return Task.Run(() => Parallel.For(0, users.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
            engine.GetHomeTimeline(ids[users[i]], PageRequest.First())), cancellationToken);
    }

    /// <inheritdoc/>
    public Task WaitForIndexingAsync(CancellationToken cancellationToken) => Server.Engine.WaitForSearchAsync(cancellationToken);

    /// <inheritdoc/>
    public Task WaitForFanoutAsync(CancellationToken cancellationToken) => Server.Engine.WaitForFanoutAsync(cancellationToken);

    /// <inheritdoc/>
    public void HoldFanout(bool hold) => Server.Engine.HoldFanout(hold);

    /// <inheritdoc/>
    public async Task WaitForQuiescenceAsync(CancellationToken cancellationToken)
    {
        await Server.Engine.WaitForFanoutAsync(cancellationToken).ConfigureAwait(false);
        await Server.Engine.WaitForSearchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The engine's timeline store as it accounts for itself: the in-memory part of its log (log bytes less spilled
    /// bytes) plus its hash index; the entries are counted from every user's stored-timeline state.
    /// </summary>
    public Task<TimelineMemory?> MeasureTimelineMemoryAsync()
    {
        var engine = Server.Engine;
        var statistics = engine.GetTimelineStatistics();
        var census = StoredTimelineCensus.Take(engine, _userIds);
        long bytes = statistics.LogBytes - statistics.SpilledBytes + statistics.IndexBytes;
        return Task.FromResult<TimelineMemory?>(new TimelineMemory(bytes, census.Entries,
            $"server's engine: timeline log in memory (LogBytes − SpilledBytes) + hash index (IndexBytes); entries from {census.Timelines:N0} stored timelines' states", []));
    }

    /// <summary>The size of every file under the server's data directory (engine, search indexes, server state).</summary>
    public long DiskBytes() => WorkloadFiles.DirectoryBytes(Server.DataDirectory);

    /// <summary>Stops the server and deletes its data directory.</summary>
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
