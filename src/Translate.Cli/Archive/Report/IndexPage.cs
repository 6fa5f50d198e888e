using System.Globalization;
using System.Text;
using Translate.Core.Cleanup;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// The index: the run, the counts by edit kind, and the document table that report.js builds from the row chunks
/// (sorting, filters, paging), so the page stays small whatever the archive's size.
/// </summary>
internal static class IndexPage
{
    public static void Write(StringBuilder html, ReportRun run, ReportCounts counts, int chunks, DateTimeOffset finished, string reportKey)
    {
        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(ArchiveReport.ContentSecurityPolicy).Append('\n')
            .Append("<title>Translate report · ");
        HtmlText.Write(html, run.InputPath);
        html.Append("</title>\n<link rel=\"stylesheet\" href=\"report.css\">\n</head>\n<body class=\"index\" data-report=\"").Append(reportKey).Append("\">\n")
            .Append("<header class=\"bar\">\n<h1>Translate report</h1>\n<span class=\"muted path\">");
        HtmlText.Write(html, run.InputPath);
        html.Append("</span>\n<span class=\"spacer\"></span>\n<span id=\"rejected-count\" class=\"muted\"></span>\n")
            .Append("<button type=\"button\" id=\"download-all\" class=\"primary\">Download all decisions</button>\n</header>\n<main>\n");

        WriteRun(html, run, finished);
        WriteCounts(html, counts);
        WriteBrowser(html);

        html.Append("</main>\n");
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            html.Append("<script src=\"data/").Append(IndexRows.ChunkName(chunk)).Append("\"></script>\n");
        }
        html.Append("<script src=\"report.js\"></script>\n</body>\n</html>\n");
    }

    private static void WriteRun(StringBuilder html, ReportRun run, DateTimeOffset finished)
    {
        html.Append("<section class=\"run\"><dl>");
        Item(html, "Input", run.InputPath);
        Item(html, "Output", run.OutputPath);
        Item(html, "Runner", run.Runner);
        Item(html, "Settings", run.SettingsHash);
        Item(html, "Started", Time(run.Started));
        Item(html, run.Finished is null ? "Last document" : "Finished", Time(finished));
        Item(html, "Took", Duration(finished - run.Started));
        if (run.Resumed > 0)
        {
            Item(html, "Resumed", string.Create(CultureInfo.InvariantCulture, $"{run.Resumed:N0} documents from the ledger"));
        }
        html.Append("</dl></section>\n");
    }

    private static void WriteCounts(StringBuilder html, ReportCounts counts)
    {
        html.Append("<section class=\"counts\">\n<div class=\"tiles\">");
        Tile(html, counts.Documents, "documents", "");
        Tile(html, counts.WithEdits, "with edits", "");
        Tile(html, counts.WithFlags, "with flags", counts.WithFlags > 0 ? "warn" : "");
        Tile(html, counts.Failed, "failed", counts.Failed > 0 ? "bad" : "");
        html.Append("</div>\n<table class=\"kinds\">\n<thead><tr><th>edits</th>");
        foreach (var kind in EditKinds.All)
        {
            html.Append("<th class=\"num").Append(counts.Edits(kind) == 0 ? " absent" : "").Append("\"><span class=\"chip k-").Append(EditKinds.Name(kind)).Append("\"></span>")
                .Append(EditKinds.Label(kind)).Append("</th>");
        }
        html.Append("<th class=\"num\">all</th></tr></thead>\n<tbody>\n");
        foreach (var disposition in Enum.GetValues<EditDisposition>())
        {
            html.Append("<tr><th>").Append(EditKinds.Name(disposition)).Append("</th>");
            foreach (var kind in EditKinds.All)
            {
                Number(html, counts.Edits(kind, disposition));
            }
            Number(html, EditKinds.All.Sum(kind => counts.Edits(kind, disposition)));
            html.Append("</tr>\n");
        }
        html.Append("<tr class=\"total\"><th>total</th>");
        foreach (var kind in EditKinds.All)
        {
            Number(html, counts.Edits(kind));
        }
        Number(html, EditKinds.All.Sum(counts.Edits));
        html.Append("</tr>\n");
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void WriteBrowser(StringBuilder html)
    {
        html.Append("<section class=\"browse\">\n<div class=\"controls\">\n")
            .Append("<input type=\"search\" id=\"filter-id\" placeholder=\"Filter by id…\" aria-label=\"Filter by id\">\n")
            .Append("<select id=\"filter-show\" aria-label=\"Show\"><option value=\"all\">All documents</option><option value=\"edited\">With edits</option>")
            .Append("<option value=\"suggested\">With suggestions</option><option value=\"flagged\">With flags</option><option value=\"failed\">Failed</option>")
            .Append("<option value=\"clean\">Without edits</option><option value=\"rejected\">With rejections</option></select>\n")
            .Append("<select id=\"filter-kind\" aria-label=\"Edit kind\"><option value=\"0\">Any edit kind</option>");
        foreach (var kind in EditKinds.All)
        {
            html.Append("<option value=\"").Append(EditKinds.Bit(kind)).Append("\">").Append(EditKinds.Label(kind)).Append("</option>");
        }
        html.Append("</select>\n<span id=\"matching\" class=\"muted\"></span>\n</div>\n")
            .Append("<table class=\"documents\">\n<thead><tr>")
            .Append("<th><button type=\"button\" data-sort=\"order\">#</button></th>")
            .Append("<th><button type=\"button\" data-sort=\"id\">document</button></th>")
            .Append("<th>format</th>")
            .Append("<th class=\"num\"><button type=\"button\" data-sort=\"applied\">applied</button></th>")
            .Append("<th class=\"num\"><button type=\"button\" data-sort=\"suggested\">suggested</button></th>")
            .Append("<th class=\"num\"><button type=\"button\" data-sort=\"flagged\">flagged</button></th>")
            .Append("<th><button type=\"button\" data-sort=\"failed\">status</button></th>")
            .Append("<th>kinds</th></tr></thead>\n<tbody id=\"rows\"><tr><td colspan=\"8\" class=\"muted\">The document table needs JavaScript.</td></tr></tbody>\n</table>\n")
            .Append("<nav class=\"pager\"><button type=\"button\" id=\"first\">« First</button><button type=\"button\" id=\"previous\">‹ Previous</button>")
            .Append("<span id=\"page\"></span><button type=\"button\" id=\"next\">Next ›</button><button type=\"button\" id=\"last\">Last »</button></nav>\n</section>\n");
    }

    private static void Item(StringBuilder html, string term, string value)
    {
        html.Append("<div><dt>").Append(term).Append("</dt><dd>");
        HtmlText.Write(html, value);
        html.Append("</dd></div>");
    }

    private static void Number(StringBuilder html, int value) =>
        html.Append("<td class=\"num").Append(value == 0 ? " zero" : "").Append("\">").Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</td>");

    private static void Tile(StringBuilder html, int value, string label, string tone) =>
        html.Append("<div class=\"tile ").Append(tone).Append("\"><b>").Append(value.ToString("N0", CultureInfo.InvariantCulture)).Append("</b>").Append(label).Append("</div>");

    private static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan duration) =>
        duration < TimeSpan.Zero ? "–" : duration.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours} h {duration.Minutes:D2} min")
        : duration.TotalMinutes >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes} min {duration.Seconds:D2} s")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0} s");
}
