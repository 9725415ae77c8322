using System.CommandLine;
using Chirp.Bench.Commands;

var root = new RootCommand("Chirp benchmarks: micro benchmarks (BenchmarkDotNet), sustained tweet-create throughput, a bulk load of the real follow graph, home-timeline fanout and reads, and tweet search (indexing, index size, query latency and search lag), and the server over loopback HTTP.")
{
    MicroCommand.Create(),
    ThroughputCommand.Create(),
    LoadGraphCommand.Create(),
    FollowLatencyCommand.Create(),
    TimelineMemoryCommand.Create(),
    FanoutCommand.Create(),
    HomeReadsCommand.Create(),
    SearchCommand.Create(),
    CheckpointCommand.Create(),
    HttpCommand.Create(),
    OpenCheckCommand.Create(),
    WorkloadCommand.Create(),
    FeedTrimCommand.Create(),
    ClusterCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
