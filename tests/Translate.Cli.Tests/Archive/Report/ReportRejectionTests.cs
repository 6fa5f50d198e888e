using System.Diagnostics;
using System.Text.Json;

namespace Translate.Cli.Tests.Archive.Report;

/// <summary>
/// Rejecting edits end to end in headless Chromium, driven over the DevTools protocol: real clicks on the reject
/// toggles, the decisions kept across pages and reloads, and the file the Download button saves.
/// </summary>
[Collection(BrowserReportCollection.Name)]
public sealed class ReportRejectionTests(BrowserReport report)
{
    private static async Task<string> WaitForFileAsync(DirectoryInfo folder, string name)
    {
        var path = Path.Combine(folder.FullName, name);
        var started = Stopwatch.StartNew();
        while (!File.Exists(path))
        {
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(30), $"no {name} downloaded; the folder holds: {string.Join(", ", folder.GetFiles().Select(f => f.Name))}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        return await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task RejectToggles_ClickedInTheBrowser_DecisionsFileDownloadedAndKeptAcrossPages()
    {
        var chromium = Chromium.Require();
        var downloads = Directory.CreateTempSubdirectory("report-downloads-");
        try
        {
            await using var browser = await DevToolsSession.StartAsync(chromium, report.PageUrl(report.Article));
            await browser.AllowDownloadsAsync(downloads);
            Assert.Equal("0 rejections here · 0 in report", (string?)await browser.EvaluateAsync("document.getElementById('rejected-count').textContent"));

            await browser.ClickAsync("#edit-2 .reject-toggle"); // the calque, applied
            await browser.ClickAsync("#edit-6 .reject-toggle"); // the casing, suggested

            Assert.Equal("2 rejections here · 2 in report", (string?)await browser.EvaluateAsync("document.getElementById('rejected-count').textContent"));
            Assert.Equal(2, (int?)await browser.EvaluateAsync("document.querySelectorAll('.m.rejected[data-p=\"2\"]').length")); // before and after
            await browser.SaveScreenshotAsync(Path.Combine(report.Directory.FullName, "document-rejected.png")); // for a person to look at
            await browser.ClickAsync("#download");
            var decisions = JsonDocument.Parse(await WaitForFileAsync(downloads, "decisions.json")).RootElement;
            Assert.Equal("translate-decisions/1", decisions.GetProperty("format").GetString());
            var calque = report.Article.Edits[2];
            var casing = report.Article.Edits[6];
            Assert.Equal(
                [(report.Article.Id, calque.Start, calque.Length, "participated in"), (report.Article.Id, casing.Start, casing.Length, "The leaders")],
                decisions.GetProperty("rejected").EnumerateArray().Select(r =>
                    (r.GetProperty("id").GetString(), r.GetProperty("start").GetInt32(), r.GetProperty("length").GetInt32(), r.GetProperty("replacement").GetString())));

            // The index sees the same decisions (localStorage is shared by the report's file:// pages).
            await browser.NavigateAsync(report.IndexUrl);
            Assert.Equal("2 rejections", (string?)await browser.EvaluateAsync("document.querySelector('#rows tr td:nth-child(7)').textContent"));
            var fromIndex = downloads.CreateSubdirectory("index");
            await browser.AllowDownloadsAsync(fromIndex);
            await browser.ClickAsync("#download-all");
            Assert.Equal(decisions.GetRawText(), JsonDocument.Parse(await WaitForFileAsync(fromIndex, "decisions.json")).RootElement.GetRawText());

            // Back on the page, after a reload, the toggles remember; un-rejecting takes the edit out.
            await browser.NavigateAsync(report.PageUrl(report.Article));
            Assert.Equal(true, (bool?)await browser.EvaluateAsync("document.querySelector('#edit-2 .reject-toggle').checked"));
            await browser.ClickAsync("#edit-2 .reject-toggle");
            var remaining = JsonDocument.Parse((string)(await browser.EvaluateAsync("translateReport.decisionsJson()"))!).RootElement.GetProperty("rejected");
            Assert.Equal([casing.Start], remaining.EnumerateArray().Select(r => r.GetProperty("start").GetInt32()));
        }
        finally
        {
            downloads.Delete(recursive: true);
        }
    }
}
