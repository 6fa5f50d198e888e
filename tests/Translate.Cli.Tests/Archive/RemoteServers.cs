using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Translate.Cli.Internal;
using Translate.Core.Hosting;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive;

/// <summary>
/// Two real servers for the remote runner's tests, and this process's own runtime with the same settings, which
/// gives each document's expected output. The tests that share them run one after another (one class); a test that
/// kills a server starts it again.
/// </summary>
public sealed class RemoteServers : IAsyncLifetime
{
    private TranslateRuntime? _runtime;

    public ServerProcess First { get; } = new();

    public ServerProcess Second { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(First.StartAsync(), Second.StartAsync());
        _runtime = TranslateRuntime.Load(TranslateConfiguration.Bind(new ConfigurationBuilder()
            .AddInMemoryCollection([new("Processing:MaxQueueMilliseconds", "600000")]).Build()));
    }

    /// <summary>The document's output line as `translate batch` prints it, made in process.</summary>
    public async Task<string> InProcessJsonAsync(DocumentRequest request) =>
        Json(await InProcessAsync(request));

    public Task<DocumentResult> InProcessAsync(DocumentRequest request) =>
        _runtime!.Processor.ProcessAsync(request, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>The in-process failure of a document, for comparison with the remote one.</summary>
    public async Task<Exception> InProcessFailureAsync(DocumentRequest request) =>
        await Assert.ThrowsAnyAsync<Exception>(() => _runtime!.Processor.ProcessAsync(request, cancellationToken: TestContext.Current.CancellationToken));

    /// <summary>A `translate batch` output line (no segments: see <see cref="RemoteRunnerTests"/> for those).</summary>
    public static string Json(DocumentResult result) => JsonSerializer.Serialize(CliJson.ToOutput(result, withSegments: false), CliJson.Options);

    /// <summary>Documents with every kind of repair the sample shows: the article, each of its paragraphs, and short cases.</summary>
    public static IReadOnlyList<DocumentRequest> Documents(string prefix)
    {
        var article = File.ReadAllText(CliRun.SampleArticle);
        var paragraphs = article.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return
        [
            new($"{prefix}article", article),
            .. paragraphs.Select((paragraph, i) => new DocumentRequest($"{prefix}paragraph-{i}", paragraph)),
            new($"{prefix}glued", "Asia: Xi Jinping offers Kim Jong Un to cooperate for world peace\n\nAsiaXi Jinping offers Kim Jong Un to cooperate for world peace. The Chinese president wants to cooperate with the North Korean leader."),
            new($"{prefix}calque", "The minister participated to the talks in Seoul on Monday. He said the meeting went well."),
            new($"{prefix}doubled", "The the president arrived in Pyongyang on Tuesday.It was his first visit since 2019."),
            new($"{prefix}french", "The leaders met in Beijing. Les deux dirigeants ont signé un accord de coopération. The talks lasted two days."),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        await First.DisposeAsync();
        await Second.DisposeAsync();
        _runtime?.Dispose();
    }
}
