using Chirp.Server;
using Chirp.Server.Backup;
using Chirp.Server.Cluster;

if (BackupCommands.Handles(args))
{
    return await BackupCommands.RunAsync(args);
}

if (LocalClusterCommand.Handles(args))
{
    return await LocalClusterCommand.RunAsync(args);
}

try
{
    var app = ServerApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex)
{
    // The reason is logged already (a damaged store at start, a bad setting): one line and exit code 1, not a crash dump.
    Console.Error.WriteLine($"Chirp.Server stopped: {ex.Message}");
    return 1;
}
