using Chirp.Engine;
using Chirp.Server.Api;
using Chirp.Server.Auth;
using Chirp.Server.Backup;
using Chirp.Server.Cluster;
using Chirp.Server.Cluster.Metadata;
using Chirp.Server.Hosting;
using Chirp.Server.Input;
using Chirp.Server.Limits;
using Chirp.Server.Logging;
using Chirp.Server.Media;
using Chirp.Server.Operations;
using Prometheus;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace Chirp.Server;

/// <summary>Builds the server: configuration, the engine, authentication, and the routes. Tests build it on a free port.</summary>
public static class ServerApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            // ISO 8601 in UTC to the millisecond, so lines from several servers and the proxy sort and join.
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        LogHygiene.Apply(builder.Logging);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("Link", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After")));
        DefaultAddress.ApplyUnlessConfigured(builder);
        builder.Services.AddOptions<ServerOptions>()
            .Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ClusterOptions>().Bind(builder.Configuration.GetSection(ClusterOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidation>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineHost>();

        // Started in this order (and stopped in the reverse): the node protocol first, so that peers starting at the same
        // time can ask this node about its cluster and forward metadata commands; then the metadata group, which checks
        // that this node belongs before any shard replica starts; then the engine and its shard replicas.
        builder.Services.AddHostedService<Cluster.NodeProtocol.NodeProtocolServer>();
        builder.Services.AddSingleton(ClusterMetadata.Create);
        builder.Services.AddHostedService(services => services.GetRequiredService<ClusterMetadata>());
        builder.Services.AddHostedService(services => services.GetRequiredService<EngineHost>());
        builder.Services.AddSingleton<EngineMetrics>();
        builder.Services.AddOptions<DiskOptions>().Bind(builder.Configuration.GetSection(DiskOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DiskSpaceGuard>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DiskSpaceGuard>());
        builder.Services.AddOptions<HealthOptions>().Bind(builder.Configuration.GetSection(HealthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        HealthEndpoints.AddChecks(builder.Services);
        builder.Services.AddSingleton<PublicOrigin>();
        builder.Services.AddSingleton<SecurityEvents>();
        HostChecks.Add(builder);
        builder.Services.AddOptions<InputOptions>().Bind(builder.Configuration.GetSection(InputOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<FormOptions>().Configure<IOptions<InputOptions>>((form, input) => form.ValueCountLimit = input.Value.MaxParameters);
        AddAuth(builder.Services);
        builder.Services.AddOptions<MediaOptions>().Bind(builder.Configuration.GetSection(MediaOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(provider => MediaStore.Open(
            Path.Combine(provider.GetRequiredService<IOptions<ServerOptions>>().Value.DataPath, "media"),
            provider.GetRequiredService<IOptions<MediaOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<MediaStore>>(),
            MediaNodeNumber(provider.GetRequiredService<IOptions<ClusterOptions>>().Value)));
        builder.Services.AddHostedService<MediaExpiryService>();
        builder.Services.AddSingleton(provider => AdminToken.LoadOrCreate(provider.GetRequiredService<IOptions<ServerOptions>>().Value.DataPath));
        builder.Services.AddSingleton<ServerBackup>();
        builder.AddLimits();
        builder.Services.AddOptions<ContextOptions>().Bind(builder.Configuration.GetSection(ContextOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 1L << 30);
        builder.Services.AddExceptionHandler<ApiErrors>();
        builder.Services.AddProblemDetails();
        configure?.Invoke(builder);

        var app = builder.Build();
        OwnerOnlyFiles.Apply(app.Services.GetRequiredService<IOptions<ServerOptions>>().Value.DataPath);

        try
        {
            // Opened here, not at a first request: a damaged store or signing key stops the start, loudly.
            app.Services.GetRequiredService<ServerStore>();
            if (!app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.IsCluster)
            {
                // A cluster node's key comes from the metadata group, once it started.
                app.Services.GetRequiredService<TokenIssuer>();
            }
        }
        catch
        {
            // Disposing flushes the log, so that the refusal is written before the process ends.
            ((IDisposable)app).Dispose();
            throw;
        }

        // Made at start, so the backup command finds it as soon as the server runs.
        app.Services.GetRequiredService<AdminToken>();
        var metrics = app.Services.GetRequiredService<EngineMetrics>();
        app.UseForwardedHeaders();
        app.UseMiddleware<RequestLog>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            // Unmatched routes and methods get a JSON body too.
            var response = context.HttpContext.Response;
            if (response.ContentLength is null && response.ContentType is null)
            {
                var error = response.StatusCode == StatusCodes.Status404NotFound
                    ? ApiException.NotFound()
                    : new ApiException(response.StatusCode, response.StatusCode switch
                    {
                        StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                        // Host filtering refuses a Host header outside AllowedHosts with a bare 400.
                        StatusCodes.Status400BadRequest => "Bad request (the Host header may name a host this server does not serve)",
                        _ => "Request failed",
                    });
                response.ContentType = "application/json; charset=utf-8";
                await ApiErrors.WriteAsync(response.Body, error, context.HttpContext.RequestAborted).ConfigureAwait(false);
            }
        });
        app.UseHostFiltering();
        app.UseRouting();
        app.UseCors();
        app.UseHttpMetricsOfAnswers(metrics.Registry);
        app.Use((context, next) => context.RequestServices.GetRequiredService<RateLimits>().InvokeAsync(context, next));
        app.UseMiddleware<RequestBodyLimit>();
        app.Use(LowDiskRefusal.InvokeAsync);
        app.UseAuthentication();
        app.UseAuthorization();
        HealthEndpoints.Map(app);
        app.MapMetrics(registry: metrics.Registry);
        OAuthEndpoints.Map(app);
        AccountEndpoints.Map(app);
        StatusEndpoints.Map(app);
        TimelineEndpoints.Map(app);
        SearchEndpoints.Map(app);
        InstanceEndpoints.Map(app);
        MediaEndpoints.Map(app);
        RelationEndpoints.Map(app);
        AdminEndpoints.Map(app);
        ClusterEndpoints.Map(app);
        return app;
    }

    /// <summary>
    /// A cluster node's place in the node list (1, 2, ...), which goes into the media ids it mints so that nodes sharing
    /// a media bucket never mint the same id; 0 (a number picked at random) outside a cluster.
    /// </summary>
    private static int MediaNodeNumber(ClusterOptions cluster) =>
        cluster.IsCluster ? Math.Clamp(cluster.Nodes.FindIndex(node => node.Id == cluster.NodeId) + 1, 0, MediaStore.MaxNodeNumber) : 0;

    private static void AddAuth(IServiceCollection services)
    {
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
            var logger = provider.GetRequiredService<ILogger<ServerStore>>();
            try
            {
                return ServerStore.Open(Path.Combine(options.DataPath, "server"), options.DamageRecovery, recovery => StorageDamageLog.Recovered(logger, recovery));
            }
            catch (ChirpException refused) when (refused.ErrorCode == ChirpErrorCode.StorageDamaged)
            {
                StorageDamageLog.Refused(logger, refused);
                throw;
            }
        });
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<ServerOptions>>().Value;
            var lifetime = TimeSpan.FromDays(options.TokenLifetimeDays);
            if (provider.GetRequiredService<IOptions<ClusterOptions>>().Value.IsCluster)
            {
                // Every node signs and checks with the key the metadata group holds (resolved at the first request).
                return new TokenIssuer(provider.GetRequiredService<ClusterMetadata>().SigningKey, lifetime, provider.GetRequiredService<TimeProvider>());
            }

            byte[] key;
            try
            {
                key = string.IsNullOrEmpty(options.SigningKey)
                    ? SigningKeyFile.LoadOrCreate(Path.Combine(options.DataPath, "server", "token-signing.key"))
                    : SigningKeyFile.Parse(options.SigningKey);
            }
            catch (InvalidOperationException refused)
            {
                provider.GetRequiredService<ILogger<TokenIssuer>>().LogCritical("Refusing to start: {Reason}", refused.Message);
                throw;
            }
            return new TokenIssuer(key, lifetime, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IServerStateWrites>(provider => provider.GetRequiredService<IOptions<ClusterOptions>>().Value.IsCluster
            ? new ReplicatedServerStateWrites(provider.GetRequiredService<ClusterMetadata>())
            : new LocalServerStateWrites(provider.GetRequiredService<ServerStore>()));
        services.AddSingleton<RevokedTokens>();
        services.AddSingleton<AppRegistry>();
        services.AddSingleton<AuthorizationCodes>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer, RevokedTokens>((options, issuer, revoked) =>
            {
                options.MapInboundClaims = false;
                options.TokenValidationParameters = issuer.ValidationParameters;
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.TokenId() is not { } id || revoked.IsRevoked(id))
                        {
                            context.Fail("The access token was revoked.");
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        await context.Response.WriteAsJsonAsync(new { error = "The access token is invalid" }).ConfigureAwait(false);
                    },
                    OnForbidden = async context =>
                    {
                        context.Response.StatusCode = StatusCodes.Status403Forbidden;
                        await context.Response.WriteAsJsonAsync(new { error = "This action is outside the authorized scopes" }).ConfigureAwait(false);
                    },
                };
            });
        services.AddAuthorization(options => ScopePolicies.Add(options, [
            Scopes.Read, Scopes.Write, Scopes.Follow,
            "read:accounts", "read:statuses", "read:search", "read:favourites", "read:follows",
            "write:accounts", "write:statuses", "write:favourites", "write:follows", "write:media",
        ]));
    }
}
