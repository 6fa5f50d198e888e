using Translate.Core.Processing;

namespace Translate.Core.Tests.Summarization;

/// <summary>The models, loaded once for a test class (seconds).</summary>
public sealed class RuntimeFixture : IDisposable
{
    public TranslateRuntime Runtime { get; } = TranslateRuntime.Load(new ProcessingOptions());

    public void Dispose() => Runtime.Dispose();
}
