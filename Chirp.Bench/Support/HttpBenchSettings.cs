namespace Chirp.Bench.Support;

/// <summary>The options of the <c>http</c> benchmark, as parsed.</summary>
/// <param name="Users">Accounts signed up through the API.</param>
/// <param name="Follows">Accounts each user follows (drawn at random, seeded).</param>
/// <param name="PostsPerUser">Statuses each user posts during the setup.</param>
/// <param name="Concurrency">Closed loops of the saturation run (and requests in flight during the setup).</param>
/// <param name="Seconds">Seconds measured per run.</param>
/// <param name="Warmup">Seconds of load before each run's measurement (not counted).</param>
/// <param name="Rate">Offered requests/s of the steady run; 0 for half the saturation rate of the operation.</param>
/// <param name="Shards">Shard count of the server's engine.</param>
/// <param name="Operations">The operations measured, in order: home, post, search.</param>
/// <param name="Seed">Seed of the follow graph, the setup posts and the search words.</param>
/// <param name="Directory">Parent of the temporary data directory; null for the system temp directory.</param>
public sealed record HttpBenchSettings(
    int Users, int Follows, int PostsPerUser, int Concurrency, int Seconds, int Warmup, int Rate, int Shards,
    IReadOnlyList<string> Operations, int Seed, string? Directory);
