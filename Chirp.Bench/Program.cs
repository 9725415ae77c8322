using System.CommandLine;
using Chirp.Bench.Commands;

var root = new RootCommand("Chirp benchmarks: micro benchmarks (BenchmarkDotNet), sustained tweet-create throughput, a bulk load of the real follow graph, and home-timeline fanout and reads.")
{
    MicroCommand.Create(),
    ThroughputCommand.Create(),
    LoadGraphCommand.Create(),
    FollowLatencyCommand.Create(),
    TimelineMemoryCommand.Create(),
    FanoutCommand.Create(),
    HomeReadsCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
