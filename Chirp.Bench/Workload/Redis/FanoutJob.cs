using StackExchange.Redis;

namespace Chirp.Bench.Workload.Redis;

/// <summary>One post or retweet waiting to be written into its author's followers' home timelines.</summary>
internal sealed class FanoutJob(int author, RedisValue member, double score)
{
    public int Author { get; } = author;

    /// <summary>The timeline member (see <see cref="TimelineMember"/>).</summary>
    public RedisValue Member { get; } = member;

    /// <summary>The entry's number, its score in every timeline.</summary>
    public double Score { get; } = score;

    /// <summary>Stopwatch timestamp of the enqueue, for the fanout lag.</summary>
    public long EnqueuedAt { get; set; }

    /// <summary>The job's place in the list of jobs queued or in progress.</summary>
    public LinkedListNode<FanoutJob>? Node { get; set; }
}
