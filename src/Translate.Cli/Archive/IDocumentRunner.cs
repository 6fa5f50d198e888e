using Translate.Core.Processing;

namespace Translate.Cli.Archive;

/// <summary>
/// Where an archive run sends its documents: the in-process runtime, or one or more servers. A document's
/// failure (bad input, budget, a server's refusal after retries) is its exception; the run records it and goes on.
/// </summary>
internal interface IDocumentRunner : IAsyncDisposable
{
    /// <summary>For progress and the summary: "in-process", "2 servers (a:5000, b:5000)".</summary>
    string Description { get; }

    /// <summary>Documents in flight that keep this runner busy when the user sets no --parallelism.</summary>
    int DefaultParallelism { get; }

    Task<DocumentResult> ProcessAsync(DocumentRequest request, CancellationToken cancellationToken);
}
