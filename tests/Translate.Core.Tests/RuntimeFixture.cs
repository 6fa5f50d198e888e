using Translate.Core.Hosting;
using Translate.Core.Processing;

[assembly: AssemblyFixture(typeof(Translate.Core.Tests.RuntimeFixture))]

namespace Translate.Core.Tests;

/// <summary>
/// The real models (Lingua and all-MiniLM-L6-v2 from the build output), loaded once for every test that needs them:
/// loading takes seconds.
/// </summary>
public sealed class RuntimeFixture : IDisposable
{
    /// <summary>Small enough that an oversize document is cheap to build, large enough for the sample article.</summary>
    public const int MaxTextCodePoints = 10_000;

    public RuntimeFixture()
    {
        Runtime = TranslateRuntime.Load(new ProcessingOptions { MaxTextCodePoints = MaxTextCodePoints });
        Processor = Runtime.Processor;
    }

    public TranslateRuntime Runtime { get; }

    public DocumentProcessor Processor { get; }

    public void Dispose() => Runtime.Dispose();
}
