using System.Globalization;
using System.Net;
using Chirp.Bench.Support;
using Chirp.Bench.Workload.Redis;
using StackExchange.Redis;

namespace Chirp.Bench.Workload;

/// <summary>
/// The Redis-based feed: the design a team builds with Redis as the timeline store. A private <c>redis-server</c>
/// (<see cref="RedisServerProcess"/>: loopback, AOF with <c>appendfsync everysec</c>, no RDB snapshots) holds
/// everything; the harness talks to it through one StackExchange.Redis connection for the request path, and the fanout
/// workers through a second one (see <see cref="RedisSystemOptions.DedicatedFanoutConnection"/>).
/// </summary>
/// <remarks>
/// <para>The data model (users are the world's user numbers, posts the workload's post numbers):</para>
/// <list type="bullet">
/// <item><c>user:{u}</c> hash: <c>n</c> = name. <c>following:{u}</c> and <c>followers:{u}</c> sets of user numbers;
/// fanout reads the author's followers with SMEMBERS (so that cost is in the fanout, as in the real design).</item>
/// <item><c>post:{n}</c> hash: <c>a</c> = author number, <c>n</c> = author's name (denormalized: the writer has it in
/// its session, and a read then needs no user lookups), <c>t</c> = text, <c>l</c> = likes, <c>r</c> = retweets (the
/// counters are absent until they are first incremented). A retweet's hash holds <c>a</c>, <c>n</c> and <c>o</c> =
/// the original's number. Field names are one letter, as a Redis team keeping memory down would have them.</item>
/// <item><c>posts:{u}</c> ZSET: the user's own posts and retweets, for follow backfill and unfollow removal.</item>
/// <item><c>home:{u}</c> ZSET: the home timeline, the user's own entries included. Score = the entry's number; member
/// = <c>"n"</c> for post n and <c>"r:o"</c> for retweet r of post o (<see cref="TimelineMember"/>), so a read knows
/// every original before it hydrates. Capped at <see cref="RedisSystemOptions.TimelineCapacity"/> (800) entries by
/// ZREMRANGEBYRANK after every insert.</item>
/// <item><c>likes:{u}</c> set of the post numbers the user liked; a like is one Lua script (SADD, and HINCRBY
/// <c>l</c> only if the SADD added), so a repeated like counts once.</item>
/// </list>
/// <para>Writes: a post or retweet is HSET + ZADD <c>posts:{u}</c> + ZADD <c>home:{u}</c> (read-your-writes) + trim
/// in one pipelined round, and SCARD of the author's followers, in one pipelined round; then, unless the author is a
/// celebrity, a fanout job is queued and the call returns. This is the design's hybrid fanout, as Chirp has it: an
/// author with at least the celebrity threshold's followers (the world's, <see cref="TimelineWorld.CelebrityThreshold"/>)
/// is in the <c>celebrities</c> set and is not fanned out; readers pull the celebrities they follow at read time.
/// Fanout is asynchronous: workers take jobs from a channel, read the followers with SMEMBERS and send ZADD + trim per
/// follower in pipelined batches of <see cref="RedisSystemOptions.FanoutBatch"/>. A follow is SADD both sets, then a backfill of the followee's newest
/// entries (ZREVRANGE <c>posts:{followee}</c> WITHSCORES, ZADD, trim); an unfollow is SREM both sets, then one ZREM of
/// the followee's newest capacity's worth of entries from the home timeline: a followee's entries in a home timeline
/// are always among its newest that many (every newer one was inserted too, and the cap drops the oldest first), so
/// reading the whole of <c>posts:{followee}</c> would only cost more. An unfollow racing a fanout that read the
/// follower set just before the SREM can leave that one entry behind, as in the real design. Retweets and likes do not
/// check that the post exists (the harness only names posts it made), and a retweet's original is taken to be a
/// post, not a retweet.</para>
/// <para>Reads: one Lua script (<see cref="HomeScript"/>) takes the newest entries of <c>home:{u}</c>, SINTERs the
/// reader's followings with <c>celebrities</c>, takes the newest entries of each followed celebrity's <c>posts:{c}</c>,
/// and returns the newest of them all (duplicates merged); then one pipelined round: HMGET of every shown post (the
/// original for a retweet), HMGET of each retweet's name, and SMISMEMBER <c>likes:{u}</c> for the reader's like
/// flags. Two round trips, as before the hybrid.</para>
/// <para><see cref="FanoutInserts"/> counts every timeline insert: the author's own one, one per follower, and each
/// backfilled entry. Search is not supported: full-text search needs the RediSearch module, which Debian does not
/// package.</para>
/// </remarks>
public sealed partial class RedisSystem : IWorkloadSystem
{
    private const string LikeScript = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
            redis.call('HINCRBY', KEYS[2], 'l', 1)
            return 1
        end
        return 0
        """;

    /// <summary>
    /// The candidates of a home page: KEYS = home:{u}, following:{u}, celebrities; ARGV = limit. The newest
    /// <c>limit</c> members of the stored timeline and of each followed celebrity's own list, merged by score (the
    /// entry's number), duplicates dropped.
    /// </summary>
    private const string HomeScript = """
        local limit = tonumber(ARGV[1])
        local stored = redis.call('ZREVRANGE', KEYS[1], 0, limit - 1, 'WITHSCORES')
        local celebrities = redis.call('SINTER', KEYS[2], KEYS[3])
        if #celebrities == 0 then
            local members = {}
            for i = 1, #stored, 2 do members[#members + 1] = stored[i] end
            return members
        end
        local items = {}
        for i = 1, #stored, 2 do items[#items + 1] = { stored[i], tonumber(stored[i + 1]) } end
        for _, c in ipairs(celebrities) do
            local own = redis.call('ZREVRANGE', 'posts:' .. c, 0, limit - 1, 'WITHSCORES')
            for i = 1, #own, 2 do items[#items + 1] = { own[i], tonumber(own[i + 1]) } end
        end
        table.sort(items, function(a, b) return a[2] > b[2] end)
        local members, seen = {}, {}
        for _, item in ipairs(items) do
            if #members >= limit then break end
            if not seen[item[1]] then
                seen[item[1]] = true
                members[#members + 1] = item[1]
            end
        end
        return members
        """;

    private static readonly RedisValue AuthorField = "a";
    private static readonly RedisValue NameField = "n";
    private static readonly RedisValue TextField = "t";
    private static readonly RedisValue OriginalField = "o";
    private static readonly RedisValue RetweetsField = "r";

    /// <summary>HMGET fields of a shown post, in this order.</summary>
    private static readonly RedisValue[] ShownFields = [AuthorField, NameField, TextField, "l", RetweetsField];

    private readonly RedisServerProcess _server;
    private readonly ConnectionMultiplexer _connection;
    private readonly ConnectionMultiplexer? _fanoutConnection;
    private readonly IDatabase _db;
    private readonly IServer _admin;
    private readonly byte[] _likeScript;
    private readonly byte[] _homeScript;
    private readonly RedisSystemOptions _options;
    private readonly long _trimStop;
    private RedisKeyspace _keys = new(0);
    private string[] _names = [];
    private int _celebrityThreshold = int.MaxValue;
    private int _disposed;

    private RedisSystem(
        RedisServerProcess server,
        ConnectionMultiplexer connection,
        ConnectionMultiplexer? fanoutConnection,
        IServer admin,
        byte[] likeScript,
        byte[] homeScript,
        string version,
        RedisSystemOptions options)
    {
        _server = server;
        _connection = connection;
        _fanoutConnection = fanoutConnection;
        _db = connection.GetDatabase();
        _admin = admin;
        _likeScript = likeScript;
        _homeScript = homeScript;
        _options = options;
        _trimStop = -(options.TimelineCapacity + 1L);
        ProcessIds = [server.ProcessId];
        Version = version;
        Description = string.Create(CultureInfo.InvariantCulture,
            $"redis-server {version} on 127.0.0.1:{server.Port} ({RedisServerProcess.Persistence}{(options.ServerArguments.Count == 0 ? "" : ", " + string.Join(' ', options.ServerArguments))}); hybrid fanout (authors at the world's celebrity threshold pulled at read time by a Lua merge), fanout by {options.FanoutWorkers} workers, {options.FanoutBatch} followers per pipelined batch, {(fanoutConnection is null ? "on the request connection" : "on their own connection")}; home timelines capped at {options.TimelineCapacity}");
        if (fanoutConnection is not null)
        {
            fanoutConnection.ErrorMessage += OnFanoutError;
        }

        StartFanout(fanoutConnection?.GetDatabase() ?? _db);
    }

    public string Name => "redis";

    public bool SupportsSearch => false;

    public bool FansOut => true;

    public IReadOnlyList<int> ProcessIds { get; }

    public string Description { get; }

    /// <summary>The server's <c>redis_version</c>.</summary>
    public string Version { get; }

    /// <summary>The server process (port, directory, pid).</summary>
    public RedisServerProcess Server => _server;

    /// <summary>
    /// Starts a private <c>redis-server</c> and connects to it. Throws <see cref="WorkloadSystemUnavailableException"/>
    /// if the binary is missing or the server does not start.
    /// </summary>
    public static async Task<RedisSystem> StartAsync(RedisSystemOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RedisSystemOptions();
        var server = await RedisServerProcess.StartAsync(options.ServerPath, options.ParentDirectory, options.ServerArguments, cancellationToken).ConfigureAwait(false);
        ConnectionMultiplexer? connection = null;
        ConnectionMultiplexer? fanoutConnection = null;
        try
        {
            var endPoint = new IPEndPoint(IPAddress.Loopback, server.Port);
            connection = await ConnectAsync(endPoint, "chirp-bench").ConfigureAwait(false);
            if (options.DedicatedFanoutConnection)
            {
                fanoutConnection = await ConnectAsync(endPoint, "chirp-bench-fanout").ConfigureAwait(false);
            }

            var admin = connection.GetServer(endPoint);
            var info = await admin.InfoAsync("server").ConfigureAwait(false);
            string version = info.SelectMany(section => section).FirstOrDefault(pair => pair.Key == "redis_version").Value ?? "unknown";
            byte[] likeScript = await admin.ScriptLoadAsync(LikeScript).ConfigureAwait(false);
            byte[] homeScript = await admin.ScriptLoadAsync(HomeScript).ConfigureAwait(false);
            return new RedisSystem(server, connection, fanoutConnection, admin, likeScript, homeScript, version, options);
        }
        catch (Exception e)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (fanoutConnection is not null)
            {
                await fanoutConnection.DisposeAsync().ConfigureAwait(false);
            }

            await server.DisposeAsync().ConfigureAwait(false);
            if (e is RedisException)
            {
                throw new WorkloadSystemUnavailableException($"redis-server started on 127.0.0.1:{server.Port} but could not be used: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>
    /// Creates every user (HSET <c>user:{u}</c>) and both sides of every follow (one SADD of all of a user's followees
    /// and one of all its followers), in pipelined batches of 1,000 users. Nothing is backfilled: no one has posted
    /// yet. Reports the follows stored so far (counted on the follower's side).
    /// </summary>
    public async Task LoadAsync(TimelineWorld world, IProgress<int> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(progress);
        _keys = new RedisKeyspace(world.UserCount);
        _celebrityThreshold = _options.CelebrityThreshold ?? world.CelebrityThreshold;
        var names = new string[world.UserCount];
        const int UsersPerBatch = 1000;
        var tasks = new List<Task>(3 * UsersPerBatch);
        int follows = 0;
        for (int start = 0; start < world.UserCount; start += UsersPerBatch)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int end = Math.Min(world.UserCount, start + UsersPerBatch);
            var batch = _db.CreateBatch();
            tasks.Clear();
            for (int u = start; u < end; u++)
            {
                names[u] = world.Username(u);
                tasks.Add(batch.HashSetAsync(RedisKeyspace.User(u), NameField, names[u]));
                int[] following = world.Following[u];
                if (following.Length > 0)
                {
                    tasks.Add(batch.SetAddAsync(RedisKeyspace.Following(u), Array.ConvertAll(following, f => (RedisValue)f)));
                }

                int[] followers = world.Followers[u];
                if (followers.Length > 0)
                {
                    tasks.Add(batch.SetAddAsync(RedisKeyspace.Followers(u), Array.ConvertAll(followers, f => (RedisValue)f)));
                }

                if (followers.Length >= _celebrityThreshold)
                {
                    tasks.Add(batch.SetAddAsync(RedisKeyspace.Celebrities, u));
                }

                follows += following.Length;
            }

            batch.Execute();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            progress.Report(follows);
        }

        _names = names;
    }

    /// <summary>A no-op: Redis keeps every user's timeline.</summary>
    public Task ActivateAsync(IReadOnlyList<int> users, CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask CreatePostAsync(int user, long post, string text)
    {
        RedisValue member = post;
        var home = _keys.Home(user);
        var batch = _db.CreateBatch();
        var hash = batch.HashSetAsync(RedisKeyspace.Post(post),
            [new HashEntry(AuthorField, user), new HashEntry(NameField, _names[user]), new HashEntry(TextField, text)]);
        var own = batch.SortedSetAddAsync(RedisKeyspace.Posts(user), member, post);
        var timeline = batch.SortedSetAddAsync(home, member, post);
        var trim = batch.SortedSetRemoveRangeByRankAsync(home, 0, _trimStop);
        var followers = batch.SetLengthAsync(RedisKeyspace.Followers(user));
        batch.Execute();
        await Task.WhenAll(hash, own, timeline, trim, followers).ConfigureAwait(false);
        Interlocked.Increment(ref _fanoutInserts);
        await FanOutUnlessCelebrityAsync(user, member, post, followers.Result).ConfigureAwait(false);
    }

    public async ValueTask RetweetAsync(int user, long original, long retweet)
    {
        RedisValue member = new TimelineMember(retweet, original).ToValue();
        var home = _keys.Home(user);
        var batch = _db.CreateBatch();
        var hash = batch.HashSetAsync(RedisKeyspace.Post(retweet),
            [new HashEntry(AuthorField, user), new HashEntry(NameField, _names[user]), new HashEntry(OriginalField, original)]);
        var count = batch.HashIncrementAsync(RedisKeyspace.Post(original), RetweetsField);
        var own = batch.SortedSetAddAsync(RedisKeyspace.Posts(user), member, retweet);
        var timeline = batch.SortedSetAddAsync(home, member, retweet);
        var trim = batch.SortedSetRemoveRangeByRankAsync(home, 0, _trimStop);
        var followers = batch.SetLengthAsync(RedisKeyspace.Followers(user));
        batch.Execute();
        await Task.WhenAll(hash, count, own, timeline, trim, followers).ConfigureAwait(false);
        Interlocked.Increment(ref _fanoutInserts);
        await FanOutUnlessCelebrityAsync(user, member, retweet, followers.Result).ConfigureAwait(false);
    }

    public async ValueTask LikeAsync(int user, long post) =>
        await _db.ScriptEvaluateAsync(_likeScript, [RedisKeyspace.Likes(user), RedisKeyspace.Post(post)], [post]).ConfigureAwait(false);

    public async ValueTask FollowAsync(int follower, int followee)
    {
        var batch = _db.CreateBatch();
        var following = batch.SetAddAsync(RedisKeyspace.Following(follower), followee);
        var followers = batch.SetAddAsync(RedisKeyspace.Followers(followee), follower);
        // After the SADDs on the server: a post that fanout misses (its SMEMBERS ran first) is already in posts:{followee}.
        var recent = batch.SortedSetRangeByRankWithScoresAsync(RedisKeyspace.Posts(followee), 0, _options.TimelineCapacity - 1, Order.Descending);
        var followerCount = batch.SetLengthAsync(RedisKeyspace.Followers(followee));
        batch.Execute();
        await Task.WhenAll(following, followers, recent, followerCount).ConfigureAwait(false);
        if (followerCount.Result >= _celebrityThreshold)
        {
            // A celebrity is pulled at read time: no backfill. Once in the set an author stays there, so entries
            // that were never fanned out are always pulled (later fanned-out ones merge away as duplicates).
            await _db.SetAddAsync(RedisKeyspace.Celebrities, followee).ConfigureAwait(false);
            return;
        }

        SortedSetEntry[] entries = recent.Result;
        if (!following.Result || entries.Length == 0)
        {
            return;
        }

        var home = _keys.Home(follower);
        batch = _db.CreateBatch();
        var added = batch.SortedSetAddAsync(home, entries);
        var trim = batch.SortedSetRemoveRangeByRankAsync(home, 0, _trimStop);
        batch.Execute();
        await Task.WhenAll(added, trim).ConfigureAwait(false);
        Interlocked.Add(ref _fanoutInserts, entries.Length);
    }

    public async ValueTask UnfollowAsync(int follower, int followee)
    {
        var batch = _db.CreateBatch();
        var following = batch.SetRemoveAsync(RedisKeyspace.Following(follower), followee);
        var followers = batch.SetRemoveAsync(RedisKeyspace.Followers(followee), follower);
        var recent = batch.SortedSetRangeByRankAsync(RedisKeyspace.Posts(followee), 0, _options.TimelineCapacity - 1, Order.Descending);
        batch.Execute();
        await Task.WhenAll(following, followers, recent).ConfigureAwait(false);
        if (following.Result && recent.Result.Length > 0)
        {
            await _db.SortedSetRemoveAsync(_keys.Home(follower), recent.Result).ConfigureAwait(false);
        }
    }

    public async ValueTask<int> ReadHomeAsync(int user, int limit) => (await ReadHomePageAsync(user, limit).ConfigureAwait(false)).Length;

    /// <summary>
    /// Reads and hydrates the newest <paramref name="limit"/> entries of the user's home timeline: ZREVRANGE, then one
    /// pipelined round of HMGETs (each shown post; each retweet's name) and SMISMEMBER for the reader's like flags.
    /// Entries whose post hash is missing are left out.
    /// </summary>
    public async Task<RedisHomeItem[]> ReadHomePageAsync(int user, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        RedisValue[] members = await HomeCandidatesAsync(user, limit).ConfigureAwait(false);
        if (members.Length == 0)
        {
            return [];
        }

        var entries = new TimelineMember[members.Length];
        var shown = new Task<RedisValue[]>[members.Length];
        var retweeters = new Task<RedisValue>?[members.Length];
        var shownPosts = new RedisValue[members.Length];
        var batch = _db.CreateBatch();
        for (int i = 0; i < members.Length; i++)
        {
            var entry = TimelineMember.Parse(members[i]);
            entries[i] = entry;
            shownPosts[i] = entry.Content;
            shown[i] = batch.HashGetAsync(RedisKeyspace.Post(entry.Content), ShownFields);
            if (entry.IsRetweet)
            {
                retweeters[i] = batch.HashGetAsync(RedisKeyspace.Post(entry.Entry), NameField);
            }
        }

        var likedTask = batch.SetContainsAsync(RedisKeyspace.Likes(user), shownPosts);
        batch.Execute();
        bool[] liked = await likedTask.ConfigureAwait(false);
        var items = new RedisHomeItem[members.Length];
        int count = 0;
        for (int i = 0; i < members.Length; i++)
        {
            RedisValue[] post = await shown[i].ConfigureAwait(false);
            string? retweetedBy = retweeters[i] is { } retweeter ? (string?)await retweeter.ConfigureAwait(false) : null;
            if (post[2].IsNull)
            {
                continue;
            }

            items[count++] = new RedisHomeItem(
                entries[i].Entry,
                entries[i].Content,
                (int)post[0],
                (string?)post[1] ?? "",
                (string)post[2]!,
                post[3].IsNull ? 0 : (long)post[3],
                post[4].IsNull ? 0 : (long)post[4],
                liked[i],
                retweetedBy);
        }

        return count == items.Length ? items : items[..count];
    }

    /// <summary>Not supported: Redis has no full-text search without the RediSearch module (not packaged by Debian).</summary>
    public ValueTask<int> SearchAsync(string word, int limit) => throw NoSearch();

    /// <summary>Not supported: Redis has no full-text search without the RediSearch module (not packaged by Debian).</summary>
    public Task<IReadOnlyList<long>> SearchPostsAsync(string word, int max) => throw NoSearch();

    public async Task<IReadOnlyList<long>> ReadHomePostsAsync(int user, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var posts = new List<long>();
        if (max == 0)
        {
            return posts;
        }

        // Twice the posts asked for: retweets are among the entries and are skipped.
        RedisValue[] members = await HomeCandidatesAsync(user, (int)Math.Min(int.MaxValue / 2, 2L * max)).ConfigureAwait(false);
        foreach (var value in members)
        {
            var member = TimelineMember.Parse(value);
            if (!member.IsRetweet)
            {
                posts.Add(member.Entry);
                if (posts.Count == max)
                {
                    break;
                }
            }
        }

        return posts;
    }

    /// <summary>
    /// The sum of <c>MEMORY USAGE key SAMPLES 0</c> (exact, every element counted) over every <c>home:*</c> key found by
    /// SCAN, and the sum of their ZCARDs, pipelined 1,000 keys at a time.
    /// </summary>
    public async Task<TimelineMemory?> MeasureTimelineMemoryAsync()
    {
        long bytes = 0;
        long entries = 0;
        var classes = new TimelineSizeClass.Tally();
        var keys = new List<RedisKey>(1000);
        await foreach (var key in _admin.KeysAsync(pattern: RedisKeyspace.HomePattern, pageSize: 1000).ConfigureAwait(false))
        {
            keys.Add(key);
            if (keys.Count == 1000)
            {
                var (b, e) = await MeasureAsync(keys, classes).ConfigureAwait(false);
                bytes += b;
                entries += e;
                keys.Clear();
            }
        }

        if (keys.Count > 0)
        {
            var (b, e) = await MeasureAsync(keys, classes).ConfigureAwait(false);
            bytes += b;
            entries += e;
        }

        return new TimelineMemory(bytes, entries, "MEMORY USAGE (SAMPLES 0) of every home:* key", classes.ToClasses());
    }

    public long DiskBytes() => _server.DiskBytes();

    /// <summary>Stops the fanout workers (queued jobs are dropped), closes the connections, shuts the server down and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopFanoutAsync().ConfigureAwait(false);
            await _connection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
            await _connection.DisposeAsync().ConfigureAwait(false);
            if (_fanoutConnection is not null)
            {
                await _fanoutConnection.CloseAsync(allowCommandsToComplete: false).ConfigureAwait(false);
                await _fanoutConnection.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<RedisValue[]> HomeCandidatesAsync(int user, int limit)
    {
        var result = await _db.ScriptEvaluateAsync(_homeScript, [_keys.Home(user), RedisKeyspace.Following(user), RedisKeyspace.Celebrities], [limit]).ConfigureAwait(false);
        return (RedisValue[])result!;
    }

    private ValueTask FanOutUnlessCelebrityAsync(int author, RedisValue member, long entry, long followers)
    {
        if (followers < _celebrityThreshold)
        {
            EnqueueFanout(author, member, entry);
            return ValueTask.CompletedTask;
        }

        return new ValueTask(_db.SetAddAsync(RedisKeyspace.Celebrities, author));
    }

    private static async Task<ConnectionMultiplexer> ConnectAsync(EndPoint endPoint, string clientName)
    {
        var configuration = new ConfigurationOptions
        {
            EndPoints = { endPoint },
            ClientName = clientName,
            AbortOnConnectFail = true,
            // MEMORY USAGE and SCRIPT LOAD are admin commands to the client library.
            AllowAdmin = true,
            ConnectTimeout = 5000,
            // A benchmark drives the server at saturation; a slow reply is a slow operation, not a failure.
            AsyncTimeout = 60_000,
            SyncTimeout = 60_000,
        };
        return await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
    }

    private async Task<(long Bytes, long Entries)> MeasureAsync(List<RedisKey> keys, TimelineSizeClass.Tally classes)
    {
        var batch = _db.CreateBatch();
        var usages = new Task<RedisResult>[keys.Count];
        var lengths = new Task<long>[keys.Count];
        for (int i = 0; i < keys.Count; i++)
        {
            usages[i] = batch.ExecuteAsync("MEMORY", ["USAGE", keys[i], "SAMPLES", "0"]);
            lengths[i] = batch.SortedSetLengthAsync(keys[i]);
        }

        batch.Execute();
        long bytes = 0;
        long entries = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            var usage = await usages[i].ConfigureAwait(false);
            long keyBytes = usage.IsNull ? 0 : (long)usage;
            long keyEntries = await lengths[i].ConfigureAwait(false);
            bytes += keyBytes;
            entries += keyEntries;
            classes.Add(keyEntries, keyBytes);
        }

        return (bytes, entries);
    }

    private static NotSupportedException NoSearch() =>
        new("Redis has no full-text search without the RediSearch module, which Debian does not package.");
}
