using Chirp.Server;
using Chirp.Server.Backup;

if (BackupCommands.Handles(args))
{
    return await BackupCommands.RunAsync(args);
}

var app = ServerApp.Build(args);
await app.RunAsync();
return 0;
