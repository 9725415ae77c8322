using Chirp.Server;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(builder.Configuration["urls"] ?? "http://127.0.0.1:5000");
builder.Services.AddOptions<ServerOptions>()
    .Bind(builder.Configuration.GetSection(ServerOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<EngineHost>();
builder.Services.AddHostedService(services => services.GetRequiredService<EngineHost>());

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapGet("/readyz", (EngineHost host) => host.IsOpen
    ? Results.Ok(new { status = "ready", shards = host.Engine.ShardCount, outbox_depth = host.Engine.GetOutboxDepth() })
    : Results.Json(new { error = "not_ready" }, statusCode: StatusCodes.Status503ServiceUnavailable));
app.Run();
