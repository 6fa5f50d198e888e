using System.Text.Json;
using System.Text.RegularExpressions;
using Translate.Cli.Archive.Report;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Tests.Archive.Report;

public sealed class ArchiveReportTests : IDisposable
{
    private const string ChunkPrefix = "(window.reportRows = window.reportRows || []).push(";

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("report-test-");

    public void Dispose() => _directory.Delete(recursive: true);

    private async Task WriteAsync(params ReportDocument[] documents) =>
        await ArchiveReport.WriteAsync(_directory, ReportSamples.Run(), ReportSamples.Stream(documents), TestContext.Current.CancellationToken);

    private string Page(string id) => File.ReadAllText(Path.Combine(_directory.FullName, "docs", new PageNames().For(id)));

    private List<JsonElement> Rows() => _directory.GetDirectories("data")[0].GetFiles("rows-*.js").OrderBy(f => f.Name).SelectMany(file =>
    {
        var script = File.ReadAllText(file.FullName);
        Assert.StartsWith(ChunkPrefix, script);
        Assert.EndsWith(");\n", script);
        return JsonDocument.Parse(script[ChunkPrefix.Length..^3]).RootElement.EnumerateArray().ToList();
    }).ToList();

    [Fact]
    public async Task WriteAsync_HostileIdTextSummaryAndError_NothingExecutable()
    {
        const string Hostile = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>";
        var original = "Text " + Hostile;
        var edit = new ReportedEdit(5, 8, "\"'><scri", Hostile, EditKind.Rewrite, Hostile, 0.5, Hostile, EditDisposition.Applied);
        await WriteAsync(
            new ReportDocument(Hostile, "text", original, ReportSamples.Apply(original, [edit]), [edit], Hostile, null),
            new ReportDocument("html/" + Hostile, "html", "<p>" + Hostile + "</p>", "<p>" + Hostile + "</p>", [], null, Hostile));

        foreach (var file in _directory.EnumerateFiles("*", SearchOption.AllDirectories).Where(f => f.Extension is ".html" or ".js" && f.Name != "report.js"))
        {
            var text = File.ReadAllText(file.FullName);
            Assert.DoesNotMatch("<script>alert|<img|onerror=alert\\(2\\)>|<p>\"'", text);
            Assert.True(file.Extension != ".html" || text.Contains(ArchiveReport.ContentSecurityPolicy, StringComparison.Ordinal), $"{file.Name} has no Content-Security-Policy");
            Assert.Equal(file.Extension == ".html" ? Regex.Matches(text, "<script").Count : 0, Regex.Matches(text, "<script src=\"[^\"]*report\\.js\"( defer)?></script>|<script src=\"data/rows-\\d{4}\\.js\"></script>").Count);
        }
        Assert.Contains("<h1 class=\"doc-id\">&quot;&#39;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;</h1>", Page(Hostile));
        Assert.Equal(Hostile, Rows()[0][0].GetString());
    }

    [Fact]
    public async Task WriteAsync_HtmlDocument_SourceShownEscapedNotRendered()
    {
        await WriteAsync(new ReportDocument("page.html", "html", "<p>Hello <b>world</b></p>", "<p>Hello <b>world</b></p>", [], null, null));

        Assert.Contains("<div class=\"text source\">&lt;p&gt;Hello &lt;b&gt;world&lt;/b&gt;&lt;/p&gt;</div>", Page("page.html"));
    }

    [Fact]
    public async Task WriteAsync_Article_BothPanesHighlightedAndEditsListedWithTheirDecisionData()
    {
        var document = ReportSamples.ArticleDocument();

        await WriteAsync(document);

        var page = Page(document.Id);
        Assert.Contains("president <span class=\"m k-glued_words d-applied\" data-p=\"0\" data-e=\"0\" title=\"#1 glued words (applied): two words glued together\">XiJinping</span>", page);
        Assert.Contains(">Xi Jinping</span>", page);
        Assert.Contains("<span class=\"m flag\" data-e=\"5\" title=\"#6 untranslated (flagged): sentence is in French\">Le sommet se tiendra à Pyongyang au printemps.</span>", page);
        Assert.Contains("class=\"m k-casing d-suggested\"", page);
        Assert.Contains("<section class=\"summary\"><h2>Summary</h2><p>Xi Jinping offers Kim Jong Un Beijing&#39;s support.</p></section>", page);
        // The reject toggle carries the edit in input coordinates, as the decisions file names it.
        var calque = document.Edits[2];
        Assert.Contains($"<tr id=\"edit-2\" class=\"d-applied\" data-i=\"2\" data-start=\"{calque.Start}\" data-length=\"13\" data-replacement=\"participated in\">", page);
        Assert.Equal(7, Regex.Matches(page, "class=\"reject-toggle\"").Count); // the flagged edit has none
        Assert.Contains("<td class=\"change\"><del>␣,</del> → <ins>,</ins></td>", page); // spaces at the ends are made visible
        Assert.Contains("<td class=\"change\"><span class=\"muted\">(nothing)</span> → <ins>␣</ins></td>", page);
        Assert.DoesNotContain("class=\"note\"", page);
    }

    [Fact]
    public async Task WriteAsync_EditsOutsideTheText_ShownWithoutHighlightsAndSaysSo()
    {
        var edit = new ReportedEdit(10, 5, "", "x", EditKind.Rewrite, "r", 0.9, "m", EditDisposition.Applied);

        await WriteAsync(new ReportDocument("short", "text", "tiny", "tiny", [edit], null, null));

        Assert.Contains("Some edits lie outside this text", Page("short"));
        Assert.DoesNotMatch("<span class=\"m[ \"]", Page("short"));
    }

    [Fact]
    public async Task WriteAsync_FailedDocument_ErrorShownAndRowMarkedFailed()
    {
        await WriteAsync(ReportSamples.Failed("bad-line"));

        Assert.Contains("<section class=\"error\" role=\"alert\"><h2>Failed</h2><pre>the document&#39;s text is empty</pre></section>", Page("bad-line"));
        Assert.Contains("No output: the document failed.", Page("bad-line"));
        Assert.Equal(1, Rows()[0][3].GetInt32());
    }

    [Fact]
    public async Task WriteAsync_Index_CountsByKindAndDispositionAndTheRun()
    {
        await WriteAsync(ReportSamples.ArticleDocument("a"), ReportSamples.ArticleDocument("b"), ReportSamples.Failed(), ReportSamples.Clean("c"));

        var index = File.ReadAllText(Path.Combine(_directory.FullName, "index.html"));
        Assert.Contains("<div class=\"tile \"><b>4</b>documents</div><div class=\"tile \"><b>2</b>with edits</div><div class=\"tile warn\"><b>2</b>with flags</div><div class=\"tile bad\"><b>1</b>failed</div>", index);
        // Columns: glued words, spacing, punctuation, doubled word, untranslated, calque, rewrite, casing, all.
        Assert.Contains(Row("applied", 2, 4, 0, 2, 0, 2, 0, 2, 12), index);
        Assert.Contains(Row("suggested", 0, 0, 0, 0, 0, 0, 0, 2, 2), index);
        Assert.Contains(Row("flagged", 0, 0, 0, 0, 2, 0, 0, 0, 2), index);
        Assert.Contains("<th class=\"num absent\"><span class=\"chip k-punctuation\"></span>punctuation</th>", index);
        Assert.Contains("<dt>Took</dt><dd>12 min 30 s</dd>", index);
        Assert.Contains("<script src=\"data/rows-0000.js\"></script>", index);
        var row = Rows()[0];
        Assert.Equal("a", row[0].GetString());
        Assert.Equal([6, 1, 1], new[] { row[4].GetInt32(), row[5].GetInt32(), row[6].GetInt32() });
        var kinds = row[7].GetInt32();
        Assert.Equal([EditKind.GluedWords, EditKind.Spacing, EditKind.DoubledWord, EditKind.Untranslated, EditKind.Calque, EditKind.Casing],
            EditKinds.All.Where(k => (kinds & EditKinds.Bit(k)) != 0));
    }

    private static string Row(string disposition, params int[] counts) =>
        $"<tr><th>{disposition}</th>" + string.Concat(counts.Select(c => c == 0 ? "<td class=\"num zero\">0</td>" : $"<td class=\"num\">{c}</td>")) + "</tr>";

    [Fact]
    public async Task WriteAsync_TwentyThousandDocuments_RowsInChunksAndIndexDataUnderThreeMegabytes()
    {
        var documents = Enumerable.Range(0, 20_000).Select(i => i % 10 == 0 ? ReportSamples.Failed($"archive/2026/{i:D5}.txt") : ReportSamples.Clean($"archive/2026/{i:D5}.txt"));

        await WriteAsync(documents.ToArray());

        var chunks = new DirectoryInfo(Path.Combine(_directory.FullName, "data")).GetFiles("rows-*.js");
        Assert.Equal(40, chunks.Length);
        var rows = Rows();
        Assert.Equal(20_000, rows.Count);
        Assert.Equal(Enumerable.Range(0, 20_000).Select(i => $"archive/2026/{i:D5}.txt"), rows.Select(r => r[0].GetString()));
        var dataBytes = chunks.Sum(c => c.Length);
        Assert.True(dataBytes < 3_000_000, $"index data is {dataBytes:N0} bytes");
        Assert.True(new FileInfo(Path.Combine(_directory.FullName, "index.html")).Length < 20_000);
        Assert.Equal(20_000, Directory.GetFiles(Path.Combine(_directory.FullName, "docs")).Length);
    }

    [Fact]
    public async Task WriteAsync_Streaming_EachPageWrittenBeforeTheNextDocumentIsAsked()
    {
        var docs = new DirectoryInfo(Path.Combine(_directory.FullName, "docs"));
        var pagesSeenBeforeEach = new List<int>();

        async IAsyncEnumerable<ReportDocument> Documents()
        {
            for (var i = 0; i < 5; i++)
            {
                await Task.Yield();
                pagesSeenBeforeEach.Add(docs.Exists ? docs.GetFiles().Length : 0);
                yield return ReportSamples.Clean($"doc-{i}");
            }
        }

        await ArchiveReport.WriteAsync(_directory, ReportSamples.Run(), Documents(), TestContext.Current.CancellationToken);

        Assert.Equal([0, 1, 2, 3, 4], pagesSeenBeforeEach);
    }

    [Fact]
    public async Task WriteAsync_OverABiggerReport_OldChunksRemoved()
    {
        await WriteAsync(Enumerable.Range(0, 1_200).Select(i => ReportSamples.Clean($"d{i}")).ToArray());

        await WriteAsync(ReportSamples.Clean("only"));

        Assert.Equal(["only"], Rows().Select(r => r[0].GetString()));
    }
}
