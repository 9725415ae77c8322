using System.Globalization;
using Chirp.Engine.Tests.Crash;
using Chirp.Engine.Tests.Hygiene;

namespace Chirp.Engine.Tests;

/// <summary>
/// The entry point of the test assembly when it is started as a program rather than loaded by the test host: the
/// crash test starts <c>dotnet Chirp.Engine.Tests.dll crash-writer &lt;dir&gt; &lt;seed&gt;</c> as its child process, and the
/// process hygiene test <c>dotnet Chirp.Engine.Tests.dll leave-a-child</c>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 3 && args[0] == CrashProtocol.WriterCommand
            && int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed))
        {
            return await CrashWriter.RunAsync(args[1], seed);
        }

        if (args is [ProcessLeaker.Command])
        {
            return await ProcessLeaker.RunAsync();
        }

        await Console.Error.WriteLineAsync($"usage: dotnet Chirp.Engine.Tests.dll {CrashProtocol.WriterCommand} <directory> <seed>");
        return 2;
    }
}
