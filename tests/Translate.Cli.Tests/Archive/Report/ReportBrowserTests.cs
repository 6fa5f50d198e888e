using System.Text.RegularExpressions;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>The report in a real browser (headless Chromium): what it draws, the DOM after its script ran, and that hostile documents stay text.</summary>
[Collection(BrowserReportCollection.Name)]
public sealed class ReportBrowserTests(BrowserReport report)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private async Task<string> DumpDomAsync(string url)
    {
        var chromium = Chromium.Require();
        var profile = System.IO.Directory.CreateTempSubdirectory("report-chromium-");
        try
        {
            var (exitCode, output, error) = await Chromium.RunAsync(chromium, [.. Chromium.CommonArguments(profile.FullName), "--dump-dom", url], Timeout);
            Assert.True(exitCode == 0, $"chromium exited {exitCode}: {error}");
            return output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private async Task<Png> ScreenshotAsync(string url, string name)
    {
        var chromium = Chromium.Require();
        var profile = System.IO.Directory.CreateTempSubdirectory("report-chromium-");
        var path = Path.Combine(report.Directory.FullName, name);
        try
        {
            var (exitCode, _, error) = await Chromium.RunAsync(chromium, [.. Chromium.CommonArguments(profile.FullName), "--screenshot=" + path, "--window-size=1280,900", url], Timeout);
            Assert.True(exitCode == 0 && File.Exists(path), $"chromium exited {exitCode} without a screenshot: {error}");
            return Png.Read(await File.ReadAllBytesAsync(path, TestContext.Current.CancellationToken));
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task DocumentPage_Screenshot_EditKindsDrawnInTheirColours()
    {
        var png = await ScreenshotAsync(report.PageUrl(report.Article), "document.png");

        Assert.Equal((1280, 900), (png.Width, png.Height));
        // The fills of report.css: glued words, doubled word, calque, spacing, casing. Each highlight is many pixels.
        (string Kind, int R, int G, int B)[] colours = [("glued_words", 0xbf, 0xdc, 0xff), ("doubled_word", 0xff, 0xcf, 0xa3), ("calque", 0xae, 0xe8, 0xe1), ("spacing", 0xc8, 0xee, 0xbc), ("casing", 0xf6, 0xc8, 0xc8)];
        foreach (var (kind, r, g, b) in colours)
        {
            Assert.True(png.Count(r, g, b) > 200, $"{kind} colour #{r:x2}{g:x2}{b:x2} drawn on {png.Count(r, g, b)} pixels");
        }
        // The flag's wavy underline (#b42318).
        Assert.True(png.Count(0xb4, 0x23, 0x18, tolerance: 40) > 50, "the flagged sentence's red underline is drawn");
    }

    [Fact]
    public async Task Index_Screenshot_CountsAndTableDrawn()
    {
        var png = await ScreenshotAsync(report.IndexUrl, "index.png");

        Assert.Equal((1280, 900), (png.Width, png.Height));
        Assert.True(png.Count(0xbf, 0xdc, 0xff) > 20, "the glued words chip is drawn");
    }

    [Fact]
    public async Task Index_AfterScript_FirstPageOfFiftyRowsWithLinksToThePages()
    {
        var dom = await DumpDomAsync(report.IndexUrl);

        var rows = Regex.Matches(dom, "<tr><td class=\"num\">(\\d+)</td><td><a href=\"docs/([^\"]+)\">([^<]*)</a>");
        Assert.Equal(50, rows.Count);
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows.Select(r => r.Groups[1].Value));
        Assert.Equal("news/2026/xi-kim.txt", rows[0].Groups[3].Value);
        Assert.Equal("hostile/&lt;/script&gt;&lt;b&gt;id", rows[1].Groups[3].Value);
        Assert.True(File.Exists(Path.Combine(report.Directory.FullName, "docs", Uri.UnescapeDataString(rows[1].Groups[2].Value))));
        Assert.Contains("<span id=\"page\">Page 1 of 3</span>", dom);
        Assert.Contains("121 documents", dom);
        Assert.Contains("<td class=\"status-failed\">failed</td>", dom);
    }

    [Theory]
    [InlineData("#show=flagged", "news/2026/xi-kim.txt", 1, "1 document of 121")]
    [InlineData("#kind=64", "hostile/&lt;/script&gt;&lt;b&gt;id", 1, "1 document of 121")] // rewrite
    [InlineData("#show=failed", "archive/2026/12/empty.txt", 1, "1 document of 121")]
    [InlineData("#q=CLEAN-11&sort=id&dir=-1", "archive/2026/12/clean-118.txt", 9, "9 documents of 121")]
    [InlineData("#page=3", "archive/2026/12/clean-098.txt", 21, "Page 3 of 3")]
    public async Task Index_FilterSortAndPageInTheAddress_ScriptShowsThoseRows(string hash, string first, int count, string label)
    {
        var dom = await DumpDomAsync(report.IndexUrl + hash);

        var rows = Regex.Matches(dom, "<tr><td class=\"num\">\\d+</td><td><a href=\"docs/[^\"]+\">([^<]*)</a>");
        Assert.Equal(count, rows.Count);
        Assert.Equal(first, rows[0].Groups[1].Value);
        Assert.Contains(label, dom);
    }

    [Fact]
    public async Task Index_TwentyThousandDocuments_LoadsAndPagesInTheBrowser()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("report-20k-");
        try
        {
            var documents = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? ReportSamples.Failed($"archive/{i:D5}.txt") : ReportSamples.Clean($"archive/{i:D5}.txt"));
            await Translate.Cli.Archive.Report.ArchiveReport.WriteAsync(directory, ReportSamples.Run(), ReportSamples.Stream(documents), TestContext.Current.CancellationToken);

            var dom = await DumpDomAsync(new Uri(Path.Combine(directory.FullName, "index.html")).AbsoluteUri + "#show=failed&page=40");

            Assert.Contains("<span id=\"page\">Page 40 of 58</span>", dom); // 2,858 failed documents, 50 a page
            Assert.Contains("2,858 documents of 20,000", dom);
            Assert.Contains(">archive/13650.txt</a>", dom); // the first row of page 40: the 1,951st failed document
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task HostileHtmlDocument_InTheBrowser_ShownAsTextAndNothingRuns()
    {
        var dom = await DumpDomAsync(report.PageUrl(report.Hostile));

        Assert.DoesNotContain("data-pwned", dom.Replace("&#39;data-pwned&#39;", "", StringComparison.Ordinal).Replace("'data-pwned'", "", StringComparison.Ordinal));
        Assert.Contains("&lt;/script&gt;&lt;script&gt;document.body.setAttribute('data-pwned', 'script')&lt;/script&gt;", dom);
        Assert.Contains("<h1 class=\"doc-id\">hostile/&lt;/script&gt;&lt;b&gt;id</h1>", dom);
        Assert.Contains("0 rejections here · 0 in report", dom); // the report's own script did run
    }
}
