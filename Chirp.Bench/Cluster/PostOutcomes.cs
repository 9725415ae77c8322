using System.Net;

namespace Chirp.Bench.Cluster;

/// <summary>
/// What the posts sent during a failover got: acknowledged, 503 (the expected answer while a shard elects a leader),
/// another HTTP status (a finding), or no answer (the connection broke, as it does to the node just killed).
/// </summary>
public sealed class PostOutcomes
{
    private long _ok;
    private long _unavailable;
    private long _otherStatus;
    private long _noAnswer;
    private string? _firstOther;
    private string? _firstNoAnswer;

    public long Ok => Interlocked.Read(ref _ok);

    public long Unavailable => Interlocked.Read(ref _unavailable);

    public long OtherStatus => Interlocked.Read(ref _otherStatus);

    public long NoAnswer => Interlocked.Read(ref _noAnswer);

    public string? FirstOther => Volatile.Read(ref _firstOther);

    public string? FirstNoAnswer => Volatile.Read(ref _firstNoAnswer);

    /// <summary>Sends the post and counts its outcome; true when it was acknowledged.</summary>
    public async Task<bool> SendAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellation = default)
    {
        try
        {
            using (request)
            using (var response = await client.SendAsync(request, cancellation).ConfigureAwait(false))
            {
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _ok);
                    return true;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _unavailable);
                    return false;
                }

                string body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
                Interlocked.Increment(ref _otherStatus);
                Interlocked.CompareExchange(ref _firstOther, $"{request.RequestUri} → {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}", null);
                return false;
            }
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellation.IsCancellationRequested))
        {
            Interlocked.Increment(ref _noAnswer);
            Interlocked.CompareExchange(ref _firstNoAnswer, $"{request.RequestUri} → {e.GetType().Name}: {e.Message}", null);
            return false;
        }
    }
}
