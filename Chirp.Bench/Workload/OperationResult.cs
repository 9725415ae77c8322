using System.Text.Json.Serialization;

namespace Chirp.Bench.Workload;

/// <summary>
/// One row of a workload run: one operation on one system. Serialized with snake_case names; the first six fields are
/// the command-line contract (system, operation, ops_per_sec, p50_us, p99_us, peak_rss_bytes).
/// </summary>
/// <param name="System">chirp, chirp-http, redis or postgres.</param>
/// <param name="Operation">fanout_insert, timeline_read, tweet_create, search, or mix_* for the mixed phase.</param>
/// <param name="OpsPerSec">Operations completed per second over the phase (for fanout_insert: timeline inserts per second).</param>
/// <param name="P50Us">Median latency in µs (for fanout_insert: fanout lag, sampled).</param>
/// <param name="P99Us">99th percentile latency in µs.</param>
/// <param name="PeakRssBytes">Peak resident set of the system's processes during its run.</param>
/// <param name="P90Us">90th percentile latency in µs.</param>
/// <param name="P999Us">99.9th percentile latency in µs.</param>
/// <param name="Count">Operations measured.</param>
/// <param name="Errors">Operations that failed (not in the latencies).</param>
/// <param name="DiskBytes">Bytes of the system's files at the end of its run.</param>
/// <param name="RatioChirpToThis">For a peer: Chirp's ops_per_sec divided by this row's, from the same run (null for Chirp's rows or when Chirp has no such row).</param>
public sealed record OperationResult(
    [property: JsonPropertyName("system")] string System,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("ops_per_sec")] double OpsPerSec,
    [property: JsonPropertyName("p50_us")] double P50Us,
    [property: JsonPropertyName("p99_us")] double P99Us,
    [property: JsonPropertyName("peak_rss_bytes")] long PeakRssBytes,
    [property: JsonPropertyName("p90_us")] double P90Us,
    [property: JsonPropertyName("p999_us")] double P999Us,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("errors")] long Errors,
    [property: JsonPropertyName("disk_bytes")] long DiskBytes,
    [property: JsonPropertyName("ratio_chirp_to_this")] double? RatioChirpToThis);
