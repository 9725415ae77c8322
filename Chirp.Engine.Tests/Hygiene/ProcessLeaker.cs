using System.Diagnostics;
using System.Globalization;
using Chirp.Bench.Support;

namespace Chirp.Engine.Tests.Hygiene;

/// <summary>
/// The child of <see cref="ChildProcessTests"/>' host-exit test: starts a long <c>sleep</c> through
/// <see cref="ChildProcess"/>, prints its id, and returns without disposing it, as a test host torn down mid-test would.
/// </summary>
public static class ProcessLeaker
{
    public const string Command = "leave-a-child";

    public static async Task<int> RunAsync()
    {
        var start = new ProcessStartInfo("sleep") { UseShellExecute = false };
        start.ArgumentList.Add("600");
        var sleeper = ChildProcess.Start(start);
        await Console.Out.WriteLineAsync(sleeper.Id.ToString(CultureInfo.InvariantCulture));
        await Console.Out.FlushAsync();
        return 0;
    }
}
