using System.Diagnostics;
using System.Reflection;

namespace Chirp.Server.Cluster;

/// <summary>
/// How to run a Chirp.Server process: a program and the arguments that come before the server's own (the assembly
/// when the program is <c>dotnet</c>).
/// </summary>
public sealed record ServerLaunch(string FileName, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>
    /// This same server: the apphost executable when it runs as one (<c>dotnet run</c>), or <c>dotnet</c> with this
    /// assembly when it was started as <c>dotnet Chirp.Server.dll</c>.
    /// </summary>
    public static ServerLaunch ThisProcess()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ServerLaunch(host, [Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("The server's assembly path is unknown.")])
            : new ServerLaunch(host, []);
    }

    /// <summary>
    /// <c>dotnet Chirp.Server.dll</c> from <paramref name="directory"/>, with the <c>dotnet</c> running this process if
    /// it is one (so the same runtime), else the one on the PATH. For a program that references the server (the bench).
    /// </summary>
    public static ServerLaunch AssemblyIn(string directory)
    {
        string assembly = Path.Combine(directory, "Chirp.Server.dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"Chirp.Server.dll is not in {directory}; build the project that references it.", assembly);
        }

        string dotnet = Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";
        return new ServerLaunch(dotnet, [assembly]);
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> serverArguments)
    {
        var start = new ProcessStartInfo(FileName) { UseShellExecute = false };
        foreach (string argument in LeadingArguments.Concat(serverArguments))
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
