using System.Text;
using System.Text.Json;
using Translate.Cli.Internal;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests;

/// <summary>
/// `translate batch` over a folder with the sample article as a news page (tests/data/xi-kim-article.html) and as
/// text, with the real models and a review report; run once for the class.
/// </summary>
public sealed class BatchFolderTests(BatchFolderTests.FolderRun archive) : IClassFixture<BatchFolderTests.FolderRun>
{
    [Fact]
    public void Batch_FolderWithHtml_BothDocumentsProcessed()
    {
        Assert.Equal(ExitCodes.Success, archive.Run.ExitCode);
        Assert.Equal(["news/xi-kim.html", "xi-kim.txt"], archive.Results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["html", "text"], archive.Results.Select(r => r.GetProperty("format").GetString()));
    }

    [Fact]
    public void Batch_HtmlPage_OutputIsTheOriginalWithItsAppliedEditsByteForByte()
    {
        var edits = archive.Results[0].GetProperty("edits").Deserialize<List<ReportedEdit>>(CliJson.Options)!;
        var applied = edits.Where(e => e.Disposition == EditDisposition.Applied).ToList();

        Assert.True(applied.Count >= 4, $"only {applied.Count} edits applied");
        Assert.Equal(EditReplay.Apply(archive.OriginalHtml, applied), archive.OutputHtml);
        Assert.NotEqual(archive.OriginalHtml, archive.OutputHtml);
    }

    [Fact]
    public void Batch_HtmlPage_GluedTitleAndCalqueRepairedInsideTheirTags()
    {
        Assert.Contains("<h2 class=\"kicker\">Asia Xi Jinping offers Kim Jong Un to cooperate for world peace</h2>", archive.OutputHtml, StringComparison.Ordinal);
        Assert.Contains("<script", archive.OutputHtml, StringComparison.Ordinal);
        Assert.Equal(Tags(archive.OriginalHtml), Tags(archive.OutputHtml));
    }

    [Fact]
    public void Batch_Report_IndexAndAPageForEachDocument()
    {
        var index = File.ReadAllText(Path.Combine(archive.Report, "index.html"));
        Assert.Contains("Content-Security-Policy", index, StringComparison.Ordinal);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(archive.Report, "docs"), "*.html").Length);
        var rows = string.Concat(Directory.GetFiles(Path.Combine(archive.Report, "data"), "rows-*.js").Select(File.ReadAllText));
        Assert.Contains("news/xi-kim.html", rows, StringComparison.Ordinal);
        Assert.Contains("translate batch: the review report is in", archive.Run.Error, StringComparison.Ordinal);
    }

    // Every tag of a page, in order: an edit never crosses or changes markup.
    private static List<string> Tags(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, "<[^>]*>").Select(m => m.Value)];

    public sealed class FolderRun : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("translate-batch-folder-").FullName;

        public CliRun Run { get; private set; } = null!;

        public IReadOnlyList<JsonElement> Results { get; private set; } = [];

        public string OriginalHtml { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "xi-kim-article.html"));

        public string OutputHtml { get; private set; } = "";

        public string Report => Path.Combine(_folder, "report");

        public async ValueTask InitializeAsync()
        {
            var input = Path.Combine(_folder, "in");
            Directory.CreateDirectory(Path.Combine(input, "news"));
            await File.WriteAllTextAsync(Path.Combine(input, "news", "xi-kim.html"), OriginalHtml, new UTF8Encoding(false));
            File.Copy(CliRun.SampleArticle, Path.Combine(input, "xi-kim.txt"));
            var output = Path.Combine(_folder, "out");
            Run = await CliRun.RunAsync("batch", "--input", input, "--output", output, "--report", Report);
            Results = [.. (await File.ReadAllLinesAsync(Path.Combine(output, "results.jsonl"))).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
            OutputHtml = await File.ReadAllTextAsync(Path.Combine(output, "news", "xi-kim.html"));
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}
