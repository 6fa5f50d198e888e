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

    [Fact]
    public async Task Index_HashWithFilterAndPage_ScriptHonoursIt()
    {
        var dom = await DumpDomAsync(report.IndexUrl + "#show=flagged");

        var rows = Regex.Matches(dom, "<tr><td class=\"num\">\\d+</td><td><a href=\"docs/[^\"]+\">([^<]*)</a>");
        Assert.Equal(["news/2026/xi-kim.txt"], rows.Select(r => r.Groups[1].Value));
        Assert.Contains("1 document of 121", dom);
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
