using Translate.Core.Hosting;

namespace Translate.Core.Tests.Summarization;

/// <summary>The models with the default text limit (dev articles exceed the assembly fixture's small one), loaded once for a test class.</summary>
public sealed class SummaryRuntimeFixture : IDisposable
{
    public TranslateRuntime Runtime { get; } = TranslateRuntime.Load(new ProcessingOptions());

    public void Dispose() => Runtime.Dispose();
}
