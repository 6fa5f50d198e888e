using System.Text;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// Writes a text escaped, with its marks as spans. Marks may nest and overlap (a flagged sentence holding an applied
/// fix): the text is cut at every mark boundary and each piece gets one span naming the marks over it. One walk of
/// the text after sorting the boundaries: cost linear in the text and E log E in the marks.
/// </summary>
internal static class HighlightedText
{
    /// <summary>The text's length in code points; a lone surrogate counts as one.</summary>
    public static int CodePointCount(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i = Next(text, i))
        {
            count++;
        }
        return count;
    }

    /// <summary>True when every mark lies inside a text of <paramref name="codePoints"/> code points.</summary>
    public static bool Fits(IEnumerable<TextMark> marks, int codePoints) =>
        marks.All(m => m.Start >= 0 && m.Length >= 0 && (long)m.Start + m.Length <= codePoints);

    /// <summary>Writes <paramref name="text"/> with <paramref name="marks"/>; the marks must fit (see <see cref="Fits"/>).</summary>
    public static void Write(StringBuilder html, string text, IReadOnlyList<TextMark> marks, IReadOnlyList<ReportedEdit> edits)
    {
        var boundaries = new List<Boundary>(marks.Count * 2);
        foreach (var mark in marks)
        {
            if (mark.Length == 0)
            {
                boundaries.Add(new Boundary(mark.Start, BoundaryType.Insertion, mark.Edit));
                continue;
            }
            boundaries.Add(new Boundary(mark.Start, BoundaryType.Start, mark.Edit));
            boundaries.Add(new Boundary(mark.Start + mark.Length, BoundaryType.End, mark.Edit));
        }
        // At one position: spans close, then insertions sit between them, then spans open.
        boundaries.Sort(static (a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Type != b.Type ? a.Type.CompareTo(b.Type) : a.Edit.CompareTo(b.Edit));

        var active = new List<int>();
        var index = 0;     // UTF-16 index in text
        var codePoint = 0; // code points before index
        foreach (var boundary in boundaries)
        {
            var pieceStart = index;
            while (codePoint < boundary.Position)
            {
                index = Next(text, index);
                codePoint++;
            }
            if (index > pieceStart)
            {
                WritePiece(html, text.AsSpan(pieceStart, index - pieceStart), active, edits);
            }
            switch (boundary.Type)
            {
                case BoundaryType.End:
                    active.Remove(boundary.Edit);
                    break;
                case BoundaryType.Insertion:
                    WriteInsertion(html, boundary.Edit, edits[boundary.Edit]);
                    break;
                case BoundaryType.Start:
                    active.Add(boundary.Edit);
                    break;
            }
        }
        HtmlText.Write(html, text.AsSpan(index));
    }

    private static int Next(string text, int index) =>
        char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? index + 2 : index + 1;

    private static void WritePiece(StringBuilder html, ReadOnlySpan<char> piece, List<int> active, IReadOnlyList<ReportedEdit> edits)
    {
        if (active.Count == 0)
        {
            HtmlText.Write(html, piece);
            return;
        }
        // The piece's colour is its first applied or suggested edit's kind; flags add their own marking on top.
        int? primary = null;
        int? flag = null;
        foreach (var edit in active)
        {
            if (edits[edit].Disposition == EditDisposition.Flagged)
            {
                flag = flag is null ? edit : Math.Min(flag.Value, edit);
            }
            else
            {
                primary = primary is null ? edit : Math.Min(primary.Value, edit);
            }
        }
        html.Append("<span class=\"m");
        if (primary is { } p)
        {
            html.Append(" k-").Append(EditKinds.Name(edits[p].Kind)).Append(" d-").Append(EditKinds.Name(edits[p].Disposition));
        }
        if (flag is not null)
        {
            html.Append(" flag");
        }
        html.Append('"');
        if (primary is { } primaryEdit)
        {
            html.Append(" data-p=\"").Append(primaryEdit).Append('"');
        }
        html.Append(" data-e=\"").AppendJoin(' ', active).Append("\" title=\"");
        for (var i = 0; i < active.Count; i++)
        {
            AppendTitle(html, active[i], edits[active[i]], i > 0);
        }
        html.Append("\">");
        HtmlText.Write(html, piece);
        html.Append("</span>");
    }

    private static void WriteInsertion(StringBuilder html, int index, ReportedEdit edit)
    {
        html.Append("<span class=\"m ins k-").Append(EditKinds.Name(edit.Kind)).Append(" d-").Append(EditKinds.Name(edit.Disposition))
            .Append(edit.Disposition == EditDisposition.Flagged ? " flag" : "").Append("\" data-p=\"").Append(index)
            .Append("\" data-e=\"").Append(index).Append("\" title=\"");
        AppendTitle(html, index, edit, separate: false);
        html.Append("\"></span>");
    }

    private static void AppendTitle(StringBuilder html, int index, ReportedEdit edit, bool separate)
    {
        if (separate)
        {
            html.Append("&#10;");
        }
        html.Append('#').Append(index + 1).Append(' ').Append(EditKinds.Label(edit.Kind)).Append(" (").Append(EditKinds.Name(edit.Disposition)).Append("): ");
        HtmlText.Write(html, edit.Reason);
    }

    private enum BoundaryType
    {
        End = 0,
        Insertion = 1,
        Start = 2,
    }

    private readonly record struct Boundary(int Position, BoundaryType Type, int Edit);
}
