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

WebApplication? app = null;
try
{
    app = ServerApp.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception ex)
{
    if (app is not null)
    {
        // A start that failed (a cluster node that does not belong, say): disposing flushes the log, so that the
        // refusal it logged is written before the process ends.
        await app.DisposeAsync();
    }

    // The reason is logged already (a damaged store at start, a bad setting): one line and exit code 1, not a crash dump.
    Console.Error.WriteLine($"Chirp.Server stopped: {ex.Message}");
    return 1;
}
