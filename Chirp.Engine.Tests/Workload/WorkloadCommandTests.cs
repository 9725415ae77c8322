using Chirp.Bench.Commands;

namespace Chirp.Engine.Tests.Workload;

/// <summary>The <c>workload</c> command line: the contract's form parses, bad values are refused before anything runs.</summary>
public sealed class WorkloadCommandTests
{
    [Theory]
    [InlineData("--systems chirp,redis,postgres --scale small --json results.json")]
    [InlineData("--scale medium")]
    [InlineData("")]
    [InlineData("--systems chirp-http --rate 5000 --posts 100 --chart docs/x")]
    [InlineData("--min-read-seconds 0")]
    [InlineData("--min-read-seconds 2.5")]
    public void Valid_command_lines_parse_without_errors(string arguments)
    {
        var result = WorkloadCommand.Create().Parse(arguments);

        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData("--systems chirp,mongodb", "unknown system 'mongodb'")]
    [InlineData("--systems ,", "name at least one system")]
    [InlineData("--posts 0", "at least 1")]
    [InlineData("--rate -5", "--rate must not be negative")]
    [InlineData("--scale huge", "huge")]
    [InlineData("--min-read-seconds -1", "--min-read-seconds must be between 0 and 3600")]
    public void Bad_values_are_refused_with_a_message_naming_them(string arguments, string message)
    {
        var result = WorkloadCommand.Create().Parse(arguments);

        Assert.Contains(result.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }
}
