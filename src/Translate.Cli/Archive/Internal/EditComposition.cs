using System.Text;

namespace Translate.Cli.Archive.Internal;

/// <summary>
/// Rebuilds a repaired text from the original and the applied edits kept: edits are in code points of the original
/// and never overlap, so the result is exact whichever edits are left out (docs/ARCHIVE.md, "Decisions").
/// </summary>
internal static class EditComposition
{
    /// <param name="edits">Start, length (code points of <paramref name="original"/>) and replacement of each edit to apply.</param>
    /// <exception cref="InvalidDataException">Two edits overlap, or one lies past the end of the text.</exception>
    public static string Apply(string original, IEnumerable<(int Start, int Length, string Replacement)> edits)
    {
        var text = new StringBuilder(original.Length);
        int index = 0, codePoint = 0;
        foreach (var (start, length, replacement) in edits.OrderBy(e => e.Start))
        {
            if (start < codePoint)
            {
                throw new InvalidDataException($"the edit at code point {start} overlaps the one before it.");
            }
            var from = Advance(original, index, start - codePoint);
            text.Append(original, index, from - index);
            var to = Advance(original, from, length);
            text.Append(replacement);
            (index, codePoint) = (to, start + length);
        }
        return text.Append(original, index, original.Length - index).ToString();
    }

    // The UTF-16 index count code points after index; a surrogate pair is one code point.
    private static int Advance(string text, int index, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (index >= text.Length)
            {
                throw new InvalidDataException("an edit lies past the end of the text.");
            }
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }
        return index;
    }
}
