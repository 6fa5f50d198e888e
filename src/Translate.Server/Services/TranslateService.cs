using Grpc.Core;
using Microsoft.Extensions.Options;
using Translate.Core.Processing;
using Translate.Protos.V1;
using Translate.Server.Internal;
using ProtoResult = Translate.Protos.V1.DocumentResult;

namespace Translate.Server.Services;

/// <summary>The translate.v1.Translate service: cleanup and summaries over gRPC.</summary>
internal sealed partial class TranslateService : Protos.V1.Translate.TranslateBase
{
    private readonly RuntimeProvider _provider;
    private readonly ServerOptions _serverOptions;
    private readonly ILogger<TranslateService> _logger;

    public TranslateService(RuntimeProvider provider, IOptions<ServerOptions> serverOptions, ILogger<TranslateService> logger)
    {
        _provider = provider;
        _serverOptions = serverOptions.Value;
        _logger = logger;
    }

    public override Task<ProtoResult> Clean(CleanRequest request, ServerCallContext context) =>
        Run(processor => processor.CleanAsync(request.Document.ToCore(), ProtoMapping.ToCore(request.Options, null), context.CancellationToken), context);

    public override Task<ProtoResult> Summarize(SummarizeRequest request, ServerCallContext context) =>
        Run(processor => processor.SummarizeAsync(request.Document.ToCore(), ProtoMapping.ToCore(null, request.Options), context.CancellationToken), context);

    public override Task<ProtoResult> Process(ProcessRequest request, ServerCallContext context) =>
        Run(processor => processor.ProcessAsync(request.Document.ToCore(), ProtoMapping.ToCore(request.Clean, request.Summary), context.CancellationToken), context);

    public override async Task ProcessStream(IAsyncStreamReader<ProcessRequest> requestStream, IServerStreamWriter<ProtoResult> responseStream, ServerCallContext context)
    {
        var processor = _provider.Require().Processor;
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken).ConfigureAwait(false))
        {
            ProtoResult response;
            try
            {
                var result = await processor.ProcessAsync(request.Document.ToCore(), ProtoMapping.ToCore(request.Clean, request.Summary), context.CancellationToken).ConfigureAwait(false);
                response = result.ToProto();
            }
            catch (Exception exception) when (ToStatus(exception, context) is { } status)
            {
                // One bad document must not end the stream: its result carries the error instead.
                response = new ProtoResult
                {
                    Id = request.Document?.Id ?? string.Empty,
                    Error = new DocumentError { Code = (int)status.StatusCode, Message = status.Detail },
                };
            }
            await responseStream.WriteAsync(response, context.CancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<ServiceInfo> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        var runtime = _provider.Runtime;
        var info = new ServiceInfo
        {
            Version = typeof(TranslateService).Assembly.GetName().Version?.ToString() ?? "0.0.0",
            Limits = new Limits
            {
                MaxTextCodePoints = runtime?.Options.MaxTextCodePoints ?? 0,
                MaxRequestBytes = _serverOptions.MaxRequestBytes,
            },
        };
        if (runtime is null)
        {
            info.Models.Add(new ModelInfo
            {
                Name = "runtime",
                Task = "all",
                Ready = false,
                Detail = _provider.Failure is { } failure ? $"failed to load: {failure}" : "loading",
            });
            return Task.FromResult(info);
        }
        foreach (var model in runtime.Models)
        {
            var modelInfo = new ModelInfo { Name = model.Name, Task = model.Task, Source = model.Source, Ready = model.Ready, Detail = model.Detail };
            if (model.Name == runtime.Encoder.Batcher.Name)
            {
                modelInfo.Usage = ProtoMapping.ToUsage(runtime.Encoder.TextsEmbedded, runtime.Encoder.Batcher.Counters);
            }
            info.Models.Add(modelInfo);
        }
        info.Languages.Add(runtime.Languages.Languages);
        return Task.FromResult(info);
    }

    private async Task<ProtoResult> Run(Func<DocumentProcessor, Task<Core.Processing.DocumentResult>> call, ServerCallContext context)
    {
        var processor = _provider.Require().Processor;
        try
        {
            var result = await call(processor).ConfigureAwait(false);
            return result.ToProto();
        }
        catch (Exception exception) when (ToStatus(exception, context) is { } status)
        {
            throw new RpcException(status, StatusMap.TrailersFor(exception));
        }
    }

    /// <summary>The status a failure is answered with, or null for a bug, which is logged and left to propagate.</summary>
    private Status? ToStatus(Exception exception, ServerCallContext context)
    {
        var status = StatusMap.ToStatus(exception, StatusMap.DeadlinePassed(context));
        if (status is null)
        {
            LogUnexpected(_logger, exception);
        }
        return status;
    }
}
