using System.Text;

namespace Translate.Core.Processing;

/// <summary>
/// Applies chosen edits, addressed in code points, to the text they were reported against: how a caller rebuilds
/// a document after an editor rejected some of its edits. One pass over the text, whatever the number of edits.
/// </summary>
public static class EditReplay
{
    /// <summary>
    /// The text with each given edit's <see cref="ReportedEdit.Replacement"/> in place of its span, whatever its
    /// disposition (the caller chooses which edits to give). Edits may touch but not overlap; two insertions at one
    /// place go in the order given.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// An edit lies outside the text, overlaps another, or its <see cref="ReportedEdit.Original"/> is not the text at
    /// its span (the edits belong to another text).
    /// </exception>
    public static string Apply(string text, IEnumerable<ReportedEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(edits);
        // Stable: insertions before a replacement at the same start, equal spans in the order given.
        var ordered = edits.Select((edit, index) => (Edit: edit, Index: index))
            .OrderBy(e => e.Edit.Start).ThenBy(e => e.Edit.Length).ThenBy(e => e.Index)
            .Select(e => e.Edit)
            .ToList();
        var builder = new StringBuilder(text.Length + 64);
        var utf16 = 0; // the UTF-16 offset of code point `codePoint` in text
        var codePoint = 0;
        var copiedTo = 0; // UTF-16 offset up to which the text is in the builder
        var previousEnd = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < previousEnd || edit.Length < 0)
            {
                throw new ArgumentException(
                    $"The edit at code point {edit.Start} (length {edit.Length}) overlaps the one before it, which ends at {previousEnd}; edits to replay must not overlap.",
                    nameof(edits));
            }
            var start = Advance(text, ref utf16, ref codePoint, edit.Start, edit);
            var end = Advance(text, ref utf16, ref codePoint, edit.Start + edit.Length, edit);
            if (!text.AsSpan(start, end - start).SequenceEqual(edit.Original))
            {
                throw new ArgumentException(
                    $"The edit at code point {edit.Start} (length {edit.Length}) says the text there is '{edit.Original}', " +
                    $"but it is '{text.Substring(start, end - start)}': the edits belong to another text.", nameof(edits));
            }
            builder.Append(text, copiedTo, start - copiedTo).Append(edit.Replacement);
            copiedTo = end;
            previousEnd = edit.Start + edit.Length;
        }
        return builder.Append(text, copiedTo, text.Length - copiedTo).ToString();
    }

    /// <summary>Moves forward from (utf16, codePoint) to the code point <paramref name="target"/> and returns its UTF-16 offset.</summary>
    private static int Advance(string text, ref int utf16, ref int codePoint, int target, ReportedEdit edit)
    {
        while (codePoint < target && utf16 < text.Length)
        {
            utf16 += char.IsHighSurrogate(text[utf16]) && utf16 + 1 < text.Length && char.IsLowSurrogate(text[utf16 + 1]) ? 2 : 1;
            codePoint++;
        }
        if (codePoint != target)
        {
            throw new ArgumentException(
                $"The edit at code point {edit.Start} (length {edit.Length}) lies outside the text ({codePoint} code points).", nameof(edit));
        }
        return utf16;
    }
}
