using System.Globalization;
using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// One document's page: before and after side by side with the edits highlighted by kind, the edit list with its
/// reasons and reject toggles, the summary, and the error of a failed document. Everything from the document is
/// escaped; the page runs only the report's own script.
/// </summary>
internal static class DocumentPage
{
    public static void Write(StringBuilder html, ReportDocument document, string reportKey)
    {
        var edits = document.Edits;
        var isSource = document.Format == "html";

        html.Append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(ArchiveReport.ContentSecurityPolicy).Append('\n')
            .Append("<title>");
        HtmlText.Write(html, document.Id);
        html.Append(" · Translate report</title>\n<link rel=\"stylesheet\" href=\"../report.css\">\n<script src=\"../report.js\" defer></script>\n</head>\n")
            .Append("<body class=\"document\" data-report=\"").Append(reportKey).Append("\" data-id=\"");
        HtmlText.Write(html, document.Id);
        html.Append("\">\n<header class=\"bar\">\n<a class=\"back\" href=\"../index.html\">← All documents</a>\n<h1 class=\"doc-id\">");
        HtmlText.Write(html, document.Id);
        html.Append("</h1>\n<span class=\"tag\">");
        HtmlText.Write(html, document.Format);
        html.Append("</span>\n");
        if (document.Error is not null)
        {
            html.Append("<span class=\"tag failed\">failed</span>\n");
        }
        html.Append("<span class=\"spacer\"></span>\n<span id=\"rejected-count\" class=\"muted\"></span>\n")
            .Append("<button type=\"button\" id=\"download\" class=\"primary\" title=\"The rejections of this document as a decisions file; the index downloads those of every document\">Download this document&#39;s decisions</button>\n</header>\n<main>\n");

        if (document.Error is not null)
        {
            html.Append("<section class=\"error\" role=\"alert\"><h2>Failed</h2><pre>");
            HtmlText.Write(html, document.Error);
            html.Append("</pre></section>\n");
        }
        if (document.Summary is not null)
        {
            html.Append("<section class=\"summary\"><h2>Summary</h2><p>");
            HtmlText.Write(html, document.Summary);
            html.Append("</p></section>\n");
        }

        html.Append("<p class=\"stats\">").Append(edits.Count).Append(edits.Count == 1 ? " edit" : " edits");
        foreach (var disposition in Enum.GetValues<EditDisposition>())
        {
            var count = edits.Count(e => e.Disposition == disposition);
            if (count > 0)
            {
                html.Append(" · ").Append(count).Append(' ').Append(EditKinds.Name(disposition));
            }
        }
        html.Append("</p>\n");
        WriteLegend(html, edits);

        var originalLength = HighlightedText.CodePointCount(document.Original);
        var originalMarks = Enumerable.Range(0, edits.Count).Select(i => new TextMark(edits[i].Start, edits[i].Length, i)).ToList();
        var fits = HighlightedText.Fits(originalMarks, originalLength);
        var outputMarks = fits ? OutputMarks.Map(document.Original, document.Output, edits) : null;

        html.Append("<div class=\"panes\">\n<section class=\"pane\"><h2>Before</h2>");
        if (!fits)
        {
            html.Append("<p class=\"note\">Some edits lie outside this text; it is shown without highlights.</p>");
        }
        html.Append("<div class=\"text").Append(isSource ? " source" : "").Append("\">");
        HighlightedText.Write(html, document.Original, fits ? originalMarks : [], edits);
        html.Append("</div></section>\n<section class=\"pane\"><h2>After</h2>");
        if (document.Error is not null && document.Output.Length == 0)
        {
            html.Append("<p class=\"note\">No output: the document failed.</p>");
        }
        else
        {
            if (outputMarks is null && edits.Count > 0)
            {
                html.Append("<p class=\"note\">This output is not the original with its applied edits; it is shown without highlights.</p>");
            }
            html.Append("<div class=\"text").Append(isSource ? " source" : "").Append("\">");
            HighlightedText.Write(html, document.Output, outputMarks ?? [], edits);
            html.Append("</div>");
        }
        html.Append("</section>\n</div>\n");

        WriteEditList(html, edits);
        html.Append("</main>\n</body>\n</html>\n");
    }

    /// <summary>One side of a change in the edit list; an empty side and spaces at either end are made visible.</summary>
    private static void WriteChangeSide(StringBuilder html, string element, string text)
    {
        if (text.Length == 0)
        {
            html.Append("<span class=\"muted\">(nothing)</span>");
            return;
        }
        var inner = text.AsSpan().Trim(' ');
        var leading = text.Length - text.AsSpan().TrimStart(' ').Length;
        var trailing = inner.Length == 0 ? 0 : text.Length - text.AsSpan().TrimEnd(' ').Length;
        html.Append('<').Append(element).Append('>').Append(new string('␣', leading));
        HtmlText.Write(html, inner);
        html.Append(new string('␣', trailing)).Append("</").Append(element).Append('>');
    }

    private static void WriteLegend(StringBuilder html, IReadOnlyList<ReportedEdit> edits)
    {
        html.Append("<ul class=\"legend\" aria-label=\"Legend\">");
        foreach (var kind in EditKinds.All)
        {
            var count = edits.Count(e => e.Kind == kind);
            html.Append("<li class=\"").Append(count == 0 ? "absent" : "").Append("\"><span class=\"chip k-").Append(EditKinds.Name(kind)).Append("\"></span>")
                .Append(EditKinds.Label(kind)).Append(count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" <b>{count}</b>")).Append("</li>");
        }
        html.Append("<li><span class=\"chip suggested-sample\"></span>suggested</li><li><span class=\"flag-sample\">abc</span> flagged</li>")
            .Append("<li><span class=\"rejected-sample\">abc</span> rejected</li></ul>\n");
    }

    private static void WriteEditList(StringBuilder html, IReadOnlyList<ReportedEdit> edits)
    {
        html.Append("<section class=\"edits\"><h2>Edits</h2>\n");
        if (edits.Count == 0)
        {
            html.Append("<p class=\"muted\">No edits.</p></section>\n");
            return;
        }
        html.Append("<table class=\"edit-list\">\n<thead><tr><th>#</th><th>kind</th><th>change</th><th>reason</th><th>confidence</th><th>engine</th><th>decision</th></tr></thead>\n<tbody>\n");
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            html.Append("<tr id=\"edit-").Append(i).Append("\" class=\"d-").Append(EditKinds.Name(edit.Disposition)).Append("\" data-i=\"").Append(i)
                .Append("\" data-start=\"").Append(edit.Start).Append("\" data-length=\"").Append(edit.Length).Append("\" data-replacement=\"");
            HtmlText.Write(html, edit.Replacement);
            html.Append("\"><td class=\"num\">").Append(i + 1).Append("</td><td><span class=\"chip k-").Append(EditKinds.Name(edit.Kind)).Append("\"></span>")
                .Append(EditKinds.Label(edit.Kind)).Append("<div class=\"muted\">").Append(EditKinds.Name(edit.Disposition)).Append("</div></td><td class=\"change\">");
            if (edit.Disposition == EditDisposition.Flagged)
            {
                html.Append("<span class=\"flagged-text\">");
                HtmlText.Write(html, edit.Original);
                html.Append("</span>");
            }
            else
            {
                WriteChangeSide(html, "del", edit.Original);
                html.Append(" → ");
                WriteChangeSide(html, "ins", edit.Replacement);
            }
            html.Append("</td><td>");
            HtmlText.Write(html, edit.Reason);
            html.Append("</td><td class=\"num\">").Append(edit.Confidence.ToString("0.00", CultureInfo.InvariantCulture)).Append("</td><td>");
            HtmlText.Write(html, edit.Engine);
            html.Append("</td><td>");
            if (EditKinds.IsRejectable(edit))
            {
                html.Append("<label class=\"reject\"><input type=\"checkbox\" class=\"reject-toggle\"> reject</label>");
            }
            else
            {
                html.Append("<span class=\"muted\">flag only</span>");
            }
            html.Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }
}
