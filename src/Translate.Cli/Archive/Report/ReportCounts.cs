using Translate.Core.Cleanup;

namespace Translate.Cli.Archive.Report;

/// <summary>What the index counts as documents stream by: documents, failures, and edits by kind and disposition.</summary>
internal sealed class ReportCounts
{
    private readonly int[,] _edits = new int[EditKinds.All.Count, 3];

    public int Documents { get; private set; }

    public int Failed { get; private set; }

    public int WithEdits { get; private set; }

    public int WithFlags { get; private set; }

    public int Edits(EditKind kind, EditDisposition disposition) => _edits[(int)kind - 1, (int)disposition - 1];

    public int Edits(EditKind kind) => Edits(kind, EditDisposition.Applied) + Edits(kind, EditDisposition.Suggested) + Edits(kind, EditDisposition.Flagged);

    public void Add(ReportDocument document)
    {
        Documents++;
        Failed += document.Error is null ? 0 : 1;
        WithEdits += document.Edits.Count > 0 ? 1 : 0;
        WithFlags += document.Edits.Any(e => e.Disposition == EditDisposition.Flagged) ? 1 : 0;
        foreach (var edit in document.Edits)
        {
            _edits[(int)edit.Kind - 1, (int)edit.Disposition - 1]++;
        }
    }
}
