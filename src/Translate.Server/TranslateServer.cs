using Grpc.HealthCheck;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Translate.Core.Hosting;
using Translate.Core.Processing;
using Translate.Server.Internal;
using Translate.Server.Services;

namespace Translate.Server;

/// <summary>
/// Builds the gRPC host: the Translate service, grpc.health.v1 (SERVING once the models are warm) and server
/// reflection, on HTTP/2 cleartext, listening on loopback unless --urls says otherwise.
/// </summary>
public static class TranslateServer
{
    /// <param name="args">Command-line configuration: --urls, --Processing:MaxTextCodePoints=..., and so on.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(ServerOptions.DefaultUrl);
        }
        // gRPC without TLS needs HTTP/2 with prior knowledge.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(endpoint => endpoint.Protocols = HttpProtocols.Http2));

        builder.Services.AddOptions<ServerOptions>().Bind(builder.Configuration.GetSection(ServerOptions.Section))
            .Validate(o => o.MaxRequestBytes > 0 && o.MaxResponseBytes > 0, "Server:MaxRequestBytes and Server:MaxResponseBytes must be positive.")
            .ValidateOnStart();
        builder.Services.AddProcessingOptions(builder.Configuration);

        var serverOptions = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = serverOptions.MaxRequestBytes;
            grpc.MaxSendMessageSize = serverOptions.MaxResponseBytes;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<HealthServiceImpl>();
        builder.Services.AddSingleton<RuntimeProvider>();
        builder.Services.AddHostedService<ModelWarmupService>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGrpcService<TranslateService>();
        app.MapGrpcService<HealthServiceImpl>();
        app.MapGrpcReflectionService();
        return app;
    }
}
