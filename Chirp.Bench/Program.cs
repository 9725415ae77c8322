using System.CommandLine;
using Chirp.Bench.Commands;

var root = new RootCommand("Chirp benchmarks: micro benchmarks (BenchmarkDotNet), sustained tweet-create throughput, and a bulk load of the real follow graph.")
{
    MicroCommand.Create(),
    ThroughputCommand.Create(),
    LoadGraphCommand.Create(),
    FollowLatencyCommand.Create(),
    TimelineMemoryCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
