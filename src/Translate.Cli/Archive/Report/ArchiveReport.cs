using System.Text;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// The static HTML review report of an archive run (`translate batch --report DIR`): index.html with the counts and
/// a paged, sortable, filterable table of the documents; docs/NAME.html a document; report.css and report.js; and
/// data/rows-NNNN.js, the table's rows. It opens from disk with no server, and lets an editor reject edits and
/// download the decisions file of docs/ARCHIVE.md.
/// </summary>
internal static class ArchiveReport
{
    /// <summary>Only the report's own script and style run, whatever the documents hold (a second guard after escaping).</summary>
    internal const string ContentSecurityPolicy =
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'\">";

    internal const string DocumentsFolder = "docs";
    internal const string DataFolder = "data";

    /// <summary>
    /// Writes the report into <paramref name="directory"/> (created if need be), taking the documents one at a time:
    /// each document's page is written before the next is asked for, and the index keeps only a small row a document
    /// (flushed to disk every <see cref="IndexRows.ChunkSize"/> rows) and the counts. The index is written last.
    /// </summary>
    public static async Task WriteAsync(DirectoryInfo directory, ReportRun run, IAsyncEnumerable<ReportDocument> documents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(documents);

        directory.Create();
        var pages = directory.CreateSubdirectory(DocumentsFolder);
        var data = directory.CreateSubdirectory(DataFolder);
        foreach (var stale in data.EnumerateFiles("rows-*.js"))
        {
            stale.Delete(); // a smaller archive written over a bigger one must not keep the old chunks
        }
        await ReportAssets.CopyToAsync(directory, cancellationToken);

        // Decisions are kept in localStorage under this key: a report written again starts with none.
        var reportKey = Guid.NewGuid().ToString("N");
        var names = new PageNames();
        var rows = new IndexRows(data);
        var counts = new ReportCounts();
        var html = new StringBuilder(64 * 1024);
        var lastArrival = run.Started;

        await foreach (var document in documents.WithCancellation(cancellationToken))
        {
            ArgumentNullException.ThrowIfNull(document);
            lastArrival = DateTimeOffset.Now;
            var page = names.For(document.Id);
            html.Clear();
            DocumentPage.Write(html, document, reportKey);
            await WriteFileAsync(Path.Combine(pages.FullName, page), html, cancellationToken);
            await rows.AddAsync(document, page, cancellationToken);
            counts.Add(document);
        }
        await rows.FlushAsync(cancellationToken);

        html.Clear();
        IndexPage.Write(html, run, counts, rows.Chunks, run.Finished ?? lastArrival, reportKey);
        await WriteFileAsync(Path.Combine(directory.FullName, "index.html"), html, cancellationToken);
    }

    private static async Task WriteFileAsync(string path, StringBuilder html, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
        await writer.WriteAsync(html, cancellationToken);
    }
}
