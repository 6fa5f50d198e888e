using Translate.Core.Hosting;
using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>Documents through this process's runtime: concurrent documents share its batchers.</summary>
internal sealed class InProcessRunner(TranslateRuntime runtime, int defaultParallelism) : IDocumentRunner
{
    public string Description => "in-process";

    public int DefaultParallelism => defaultParallelism;

    public Task<DocumentResult> ProcessAsync(DocumentRequest request, CancellationToken cancellationToken) =>
        runtime.Processor.ProcessAsync(request, cancellationToken: cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
