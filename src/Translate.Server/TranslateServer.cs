using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Translate.Core.Hosting;
using Translate.Server.Internal;
using Translate.Server.Internal.Access;
using Translate.Server.Internal.Listeners;
using Translate.Server.Internal.Observability;
using Translate.Server.Internal.Shutdown;
using Translate.Server.Services;

namespace Translate.Server;

/// <summary>
/// Builds the server. The gRPC listener (HTTP/2; --urls, loopback by default) serves the Translate service,
/// grpc.health.v1 (SERVING once the models are warm) and server reflection; the HTTP/1.1 listener
/// (Server:HttpUrls) serves the same methods as JSON (the .proto's google.api.http rules), the OpenAPI document
/// at /openapi/v1.json and Prometheus metrics at /metrics. A listener beyond loopback needs API keys or
/// Server:AllowAnonymous=true. On SIGTERM health turns NOT_SERVING, new calls are refused and calls in flight
/// have Server:ShutdownGraceSeconds to finish.
/// </summary>
public static class TranslateServer
{
    /// <summary>The meter of the dynamic batcher in Core (Translate.Core.Inference.Batching).</summary>
    private const string BatchingMeter = "Translate.Batching";

    /// <param name="args">Command-line configuration: --urls, --Processing:MaxTextCodePoints=..., and so on.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // --urls is the gRPC listener's, written as a Kestrel endpoint below; left among the host's settings, Kestrel
        // would warn at every start that it ignores it.
        var (hostArgs, grpcUrls) = TakeUrls(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Defaults under every other source: each scope (the request id of a call) on the log line.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:Console:IncludeScopes"] = "true" },
        });

        var listeners = ListenerPlan.From(builder.Configuration, grpcUrls);
        builder.Configuration.AddInMemoryCollection(listeners.KestrelSettings());
        builder.Services.AddSingleton(listeners);
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var endpoints = kestrel.Configure(context.Configuration.GetSection("Kestrel"), reloadOnChange: false);
            foreach (var listener in listeners.Listeners)
            {
                endpoints.Endpoint(listener.EndpointName, endpoint => listeners.Bound(listener.EndpointName, endpoint.ListenOptions));
            }
        });

        var serverSection = builder.Configuration.GetSection(ServerOptions.Section);
        builder.Services.AddOptions<ServerOptions>().Bind(serverSection)
            .PostConfigure(options => ApiKeySources.AddCommaSeparated(options, builder.Configuration))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ServerOptions>, ServerOptionsValidator>();
        builder.Services.AddProcessingOptions(builder.Configuration);

        var serverOptions = serverSection.Get<ServerOptions>() ?? new ServerOptions();
        if (serverOptions.ShutdownGraceSeconds > 0)
        {
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(serverOptions.ShutdownGraceSeconds));
        }
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = serverOptions.MaxRequestBytes;
            grpc.MaxSendMessageSize = serverOptions.MaxResponseBytes;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<CallMetricsInterceptor>();
        }).AddJsonTranscoding();
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcSwagger();
        builder.Services.AddSwaggerGen(swagger => swagger.SwaggerDoc("v1", new OpenApiInfo
        {
            Title = "Translate",
            Version = "v1",
            Description = "Repairs machine-translated news and summarizes it. The same methods as the gRPC service translate.v1.Translate (protos/translate/v1/translate.proto).",
        }));

        builder.Services.AddSingleton<CallMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("translate-server"))
            .WithMetrics(metrics => metrics
                .AddMeter(CallMetrics.MeterName, BatchingMeter, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
                .AddRuntimeInstrumentation()
                .AddProcessInstrumentation()
                .AddPrometheusExporter());

        builder.Services.AddSingleton(services => ApiKeys.From(services.GetRequiredService<IOptions<ServerOptions>>().Value));
        builder.Services.AddSingleton<HealthState>();
        builder.Services.AddSingleton<GracefulShutdown>();
        builder.Services.AddHostedService(services => services.GetRequiredService<GracefulShutdown>());
        builder.Services.AddSingleton<RuntimeProvider>();
        builder.Services.AddHostedService<ModelWarmupService>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<RequestScopeMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<ShutdownMiddleware>();
        app.UseSwagger(swagger => swagger.RouteTemplate = "openapi/{documentName}.json");
        app.MapGrpcService<TranslateService>();
        app.MapGrpcService<HealthService>();
        app.MapGrpcReflectionService();
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static (string[] Others, string? Urls) TakeUrls(string[] args)
    {
        var rest = new List<string>(args.Length);
        string? urls = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--urls" && i + 1 < args.Length)
            {
                urls = args[++i];
            }
            else if (args[i].StartsWith("--urls=", StringComparison.Ordinal))
            {
                urls = args[i]["--urls=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        return ([.. rest], urls);
    }

    /// <summary>
    /// Validates the settings (Server, Processing) as the start would, so that a caller can report a failure
    /// without the host's own error log: throws <see cref="OptionsValidationException"/> naming each bad setting.
    /// </summary>
    public static void ValidateSettings(WebApplication app)
    {
        _ = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        _ = app.Services.GetRequiredService<IOptions<ProcessingOptions>>().Value;
    }
}
