using Chirp.Server;

var app = ServerApp.Build(args);
app.Run();
