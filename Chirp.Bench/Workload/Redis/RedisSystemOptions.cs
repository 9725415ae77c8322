namespace Chirp.Bench.Workload.Redis;

/// <summary>
/// How to run <see cref="RedisSystem"/>. Immutable; every setter validates, so an options object that exists is valid.
/// The defaults are the design as a Redis team would deploy it; change what you need with <c>with</c>.
/// </summary>
public sealed record RedisSystemOptions
{
    private readonly string _serverPath = RedisServerProcess.DefaultBinary;
    private readonly int _timelineCapacity = 800;
    private readonly int _fanoutWorkers = 64;
    private readonly int _fanoutBatch = 1000;

    /// <summary>The <c>redis-server</c> binary: a path, or a name looked up on PATH. Default <c>redis-server</c>.</summary>
    public string ServerPath
    {
        get => _serverPath;
        init => _serverPath = string.IsNullOrWhiteSpace(value)
            ? throw new ArgumentException("The redis-server path must not be empty.", nameof(ServerPath))
            : value;
    }

    /// <summary>Where the server's temporary directory is made; null for the system's temporary directory.</summary>
    public string? ParentDirectory { get; init; }

    /// <summary>
    /// More <c>--name value</c> arguments for redis-server, after the fixed ones (port, bind, dir, persistence); empty by
    /// default, which keeps Redis's defaults. For example <c>["--zset-max-listpack-entries", "1024"]</c> keeps full
    /// 800-entry timelines as listpacks (about 11 bytes an entry instead of about 97 for a skiplist, for O(n) inserts).
    /// </summary>
    public IReadOnlyList<string> ServerArguments { get; init; } = [];

    /// <summary>Entries kept per home timeline (10 to 100,000); match Chirp's <c>TimelineCapacity</c>. Default 800.</summary>
    public int TimelineCapacity
    {
        get => _timelineCapacity;
        init => _timelineCapacity = value is >= 10 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(TimelineCapacity), value, "Timeline capacity must be between 10 and 100,000.");
    }

    /// <summary>
    /// Fanout workers consuming the fanout queue (1 to 64). Default 64: on the real graph most jobs are a few followers,
    /// so a job is two round trips of latency and the rate grows with the workers (4: 40k, 16: 72k, 64: 89k inserts/s
    /// on the 2-core machine of docs/benchmarks.md).
    /// </summary>
    public int FanoutWorkers
    {
        get => _fanoutWorkers;
        init => _fanoutWorkers = value is >= 1 and <= 64
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FanoutWorkers), value, "Fanout workers must be between 1 and 64.");
    }

    /// <summary>Followers per pipelined fanout batch (1 to 100,000); each gets a ZADD and a trim. Default 1,000.</summary>
    public int FanoutBatch
    {
        get => _fanoutBatch;
        init => _fanoutBatch = value is >= 1 and <= 100_000
            ? value
            : throw new ArgumentOutOfRangeException(nameof(FanoutBatch), value, "The fanout batch must be between 1 and 100,000 followers.");
    }

    /// <summary>
    /// Authors with at least this many followers are pulled at read time instead of fanned out. Null (the default)
    /// takes the world's threshold (<see cref="Support.TimelineWorld.CelebrityThreshold"/>), as Chirp's engine in the
    /// same run has it; <see cref="int.MaxValue"/> fans every author out.
    /// </summary>
    public int? CelebrityThreshold { get; init; }

    /// <summary>
    /// Whether the fanout workers get their own connection (default true): in a deployment they are a separate worker
    /// service, and on one shared connection a reader's command would wait behind thousands of queued fanout commands.
    /// False puts everything on the request path's single connection (an error reply to a fire-and-forget fanout
    /// command is then not counted; on the dedicated connection it is, see <c>RedisSystem.FanoutFailures</c>).
    /// </summary>
    public bool DedicatedFanoutConnection { get; init; } = true;
}
