using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Bench.Commands;

/// <summary>
/// <c>follow-latency</c>: a diagnostic. One caller makes follows one at a time (each a new pair) in blocks, and after
/// each block reports the block's mean latency and CPU per follow, then flushes the outbox and times one
/// <c>GetOutboxDepth</c> call on the (now empty) outbox. It shows whether the cost of a follow grows with the number of
/// follows made before it.
/// </summary>
public static class FollowLatencyCommand
{
    private static readonly Option<int> Shards = new Option<int>("--shards", "-s")
    {
        Description = "Shard count of the fresh engine (1 means no cross-shard outbox traffic).",
        DefaultValueFactory = _ => 4,
    }.AtLeast(1);

    private static readonly Option<int> Blocks = new Option<int>("--blocks")
    {
        Description = "Number of blocks.",
        DefaultValueFactory = _ => 10,
    }.AtLeast(1);

    private static readonly Option<int> BlockSize = new Option<int>("--block-size")
    {
        Description = "Follows per block.",
        DefaultValueFactory = _ => 10_000,
    }.AtLeast(1);

    private static readonly Option<int> Accounts = new Option<int>("--accounts")
    {
        Description = "Accounts the pairs are drawn from (n accounts give n * (n - 1) distinct pairs).",
        DefaultValueFactory = _ => 2_000,
    }.AtLeast(2);

    public static Command Create()
    {
        var command = new Command("follow-latency", "Diagnostic: sequential follows in blocks; per block, latency and CPU per follow and the time of one GetOutboxDepth call.")
        {
            Shards, Blocks, BlockSize, Accounts,
        };
        command.SetAction((parse, cancellation) => RunAsync(parse.GetValue(Shards), parse.GetValue(Blocks), parse.GetValue(BlockSize), parse.GetValue(Accounts), cancellation));
        return command;
    }

    private static async Task<int> RunAsync(int shards, int blocks, int blockSize, int accountCount, CancellationToken cancellation)
    {
        Console.WriteLine($"follow-latency: shards={shards} blocks={blocks} block-size={blockSize} accounts={accountCount}");
        Console.WriteLine($"machine: {MachineInfo.Describe()}");
        using var scratch = ScratchEngine.Create(shards);
        var engine = scratch.Engine;
        long[] accounts = await scratch.CreateAccountsAsync(accountCount, "f").ConfigureAwait(false);
        var process = Process.GetCurrentProcess();
        var inv = CultureInfo.InvariantCulture;
        long k = 0;
        Console.WriteLine("block  follows-so-far  µs/follow  CPU µs/follow  delivered-so-far  GetOutboxDepth ms (empty outbox)");
        for (int block = 0; block < blocks; block++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < blockSize; i++, k++)
            {
                int n = accounts.Length;
                int follower = (int)(k % n);
                int followee = (int)((follower + 1 + (k / n % (n - 1))) % n);
                await engine.FollowAsync(accounts[follower], accounts[followee], cancellationToken: cancellation).ConfigureAwait(false);
            }

            double micros = LatencySummary.ToMicroseconds(Stopwatch.GetTimestamp() - start) / blockSize;
            process.Refresh();
            double cpuMicros = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds * 1000 / blockSize;
            await engine.FlushOutboxAsync(cancellation).ConfigureAwait(false);
            long depthStart = Stopwatch.GetTimestamp();
            long depth = engine.GetOutboxDepth();
            double depthMs = LatencySummary.ToMicroseconds(Stopwatch.GetTimestamp() - depthStart) / 1000;
            Console.WriteLine(string.Create(inv, $"{block,5}  {k,14:N0}  {micros,9:F1}  {cpuMicros,13:F1}  {engine.GetDeliveredMessageCount(),16:N0}  {depthMs,8:F2} (depth {depth})"));
        }

        return 0;
    }
}
