using Translate.Cli.Archive.Report;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>
/// A report for the browser tests, written once: the sample article, a hostile HTML document, a failed one and enough
/// clean ones for three index pages. Kept under the test output (report-browser/) so a person can open it too.
/// One for the browser tests' collection, which also keeps them from running browsers side by side.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserReportCollection : ICollectionFixture<BrowserReport>
{
    public const string Name = "Report in a browser";
}

public sealed class BrowserReport : IAsyncLifetime
{
    /// <summary>Script that would mark the page if it ran: the report must show it as text.</summary>
    public const string HostileHtml =
        "<p>Hello</p></script><script>document.body.setAttribute('data-pwned', 'script')</script>" +
        "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">";

    public DirectoryInfo Directory { get; } = new(Path.Combine(AppContext.BaseDirectory, "report-browser"));

    internal ReportDocument Article { get; } = ReportSamples.ArticleDocument();

    internal ReportDocument Hostile { get; } = new("hostile/</script><b>id", "html", HostileHtml, HostileHtml,
        [new ReportedEdit(3, 5, "Hello", "Hi", EditKind.Rewrite, "<img src=y onerror=\"document.body.setAttribute('data-pwned','reason')\">", 0.7, "rules", EditDisposition.Suggested)],
        null, null);

    internal string PageUrl(ReportDocument document) => new Uri(Path.Combine(Directory.FullName, "docs", new PageNames().For(document.Id))).AbsoluteUri;

    public string IndexUrl => new Uri(Path.Combine(Directory.FullName, "index.html")).AbsoluteUri;

    public async ValueTask InitializeAsync()
    {
        if (Directory.Exists)
        {
            Directory.Delete(recursive: true);
        }
        var clean = Enumerable.Range(1, 118).Select(i => ReportSamples.Clean($"archive/2026/12/clean-{i:D3}.txt"));
        ReportDocument[] documents = [Article, Hostile, ReportSamples.Failed("archive/2026/12/empty.txt"), .. clean];
        await ArchiveReport.WriteAsync(Directory, ReportSamples.Run("/srv/archive/2026-12.jsonl"), ReportSamples.Stream(documents), CancellationToken.None);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
