using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Archive.Report;

/// <summary>
/// Where each edit lies in the output: the original with its applied edits, so an applied edit's replacement starts
/// at its start shifted by the applied edits before it, and a suggested or flagged span shifts the same way.
/// </summary>
internal static class OutputMarks
{
    /// <summary>
    /// The marks of <paramref name="edits"/> in <paramref name="output"/>, or null when the output is not the original
    /// with the applied edits (checked piece by piece in one walk), so that no highlight would point at the wrong text.
    /// </summary>
    public static List<TextMark>? Map(string original, string output, IReadOnlyList<ReportedEdit> edits)
    {
        var applied = Enumerable.Range(0, edits.Count).Where(i => edits[i].Disposition == EditDisposition.Applied)
            .OrderBy(i => edits[i].Start).ThenBy(i => edits[i].Length).ToArray();

        // UTF-16 offsets of the applied edits' boundaries, in one walk of the original.
        var starts16 = new int[applied.Length];
        var ends16 = new int[applied.Length];
        var index = 0;
        var codePoint = 0;
        var previousEnd = 0;
        for (var a = 0; a < applied.Length; a++)
        {
            var edit = edits[applied[a]];
            if (edit.Start < previousEnd || edit.Start < 0 || edit.Length < 0)
            {
                return null; // overlapping applied edits cannot all be in the output
            }
            if (!Advance(original, ref index, ref codePoint, edit.Start))
            {
                return null;
            }
            starts16[a] = index;
            if (!Advance(original, ref index, ref codePoint, edit.Start + edit.Length))
            {
                return null;
            }
            ends16[a] = index;
            previousEnd = edit.Start + edit.Length;
        }

        // The output must be: gap, replacement, gap, replacement, ..., tail.
        var out16 = 0;
        var gapStart = 0;
        var deltas = new long[applied.Length + 1]; // deltas[a]: code point shift from the applied edits before the a-th
        for (var a = 0; a < applied.Length; a++)
        {
            var edit = edits[applied[a]];
            if (!Matches(output, ref out16, original.AsSpan(gapStart, starts16[a] - gapStart)) || !Matches(output, ref out16, edit.Replacement))
            {
                return null;
            }
            gapStart = ends16[a];
            deltas[a + 1] = deltas[a] + HighlightedText.CodePointCount(edit.Replacement) - edit.Length;
        }
        if (!Matches(output, ref out16, original.AsSpan(gapStart)) || out16 != output.Length)
        {
            return null;
        }

        var appliedEnds = applied.Select(i => edits[i].Start + edits[i].Length).ToArray();
        var marks = new List<TextMark>(edits.Count);
        var rank = new Dictionary<int, int>(applied.Length);
        for (var a = 0; a < applied.Length; a++)
        {
            rank[applied[a]] = a;
        }
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            if (rank.TryGetValue(i, out var a))
            {
                marks.Add(new TextMark((int)(edit.Start + deltas[a]), HighlightedText.CodePointCount(edit.Replacement), i));
                continue;
            }
            var start = Shift(edit.Start, appliedEnds, deltas);
            var end = Shift(edit.Start + edit.Length, appliedEnds, deltas);
            marks.Add(new TextMark(start, Math.Max(0, end - start), i));
        }
        return marks;
    }

    /// <summary>A position of the original in the output: shifted by the applied edits that end at or before it.</summary>
    private static int Shift(int position, int[] appliedEnds, long[] deltas)
    {
        // Count of applied ends <= position (the ends are sorted: applied edits do not overlap).
        int low = 0, high = appliedEnds.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (appliedEnds[middle] <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return (int)Math.Max(0, position + deltas[low]);
    }

    private static bool Advance(string text, ref int index, ref int codePoint, int target)
    {
        while (codePoint < target)
        {
            if (index >= text.Length)
            {
                return false;
            }
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
            codePoint++;
        }
        return true;
    }

    private static bool Matches(string output, ref int out16, ReadOnlySpan<char> expected)
    {
        if (output.Length - out16 < expected.Length || !output.AsSpan(out16, expected.Length).SequenceEqual(expected))
        {
            return false;
        }
        out16 += expected.Length;
        return true;
    }
}
