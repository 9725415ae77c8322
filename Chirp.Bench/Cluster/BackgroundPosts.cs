using Chirp.Server.Cluster;

namespace Chirp.Bench.Cluster;

/// <summary>
/// A steady write load while nodes are killed: closed loops posting as random users through the running nodes in turn
/// (a node marked down gets nothing new), until disposed.
/// </summary>
public sealed class BackgroundPosts : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loops;
    private readonly HashSet<LocalClusterNode> _down = [];

    public BackgroundPosts(BenchCluster cluster, ClusterUsers users, string[] texts, int concurrency)
    {
        _loops = Task.WhenAll(Enumerable.Range(0, concurrency).Select(loop => Task.Run(async () =>
        {
            long turn = loop;
            while (!_stop.IsCancellationRequested)
            {
                var node = NextUp(cluster, ref turn);
                var request = users.Post(node.ApiUrl, Random.Shared.Next(users.Count), texts[Random.Shared.Next(texts.Length)]);
                try
                {
                    if (!await Outcomes.SendAsync(cluster.Client, request, _stop.Token).ConfigureAwait(false))
                    {
                        await Task.Delay(20, _stop.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        })));
    }

    public PostOutcomes Outcomes { get; } = new();

    /// <summary>Stops sending to <paramref name="node"/> (before it is killed) or resumes (once it is ready again).</summary>
    public void SetDown(LocalClusterNode node, bool down)
    {
        lock (_down)
        {
            if (down)
            {
                _down.Add(node);
            }
            else
            {
                _down.Remove(node);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loops.ConfigureAwait(false);
        _stop.Dispose();
    }

    private LocalClusterNode NextUp(BenchCluster cluster, ref long turn)
    {
        lock (_down)
        {
            for (int i = 0; i < cluster.Nodes.Count; i++)
            {
                var node = cluster.Nodes[(int)(turn++ % cluster.Nodes.Count)];
                if (!_down.Contains(node))
                {
                    return node;
                }
            }
        }

        return cluster.Nodes[0];
    }
}
