using System.Globalization;
using Translate.Core.Cleanup;
using Translate.Core.Processing;

namespace Translate.Cli.Internal;

/// <summary>The report `process`, `clean` and `summarize` print for a person: text, edits with reasons, summary.</summary>
internal static class HumanReport
{
    public static void Write(TextWriter output, string input, DocumentResult result, bool showText)
    {
        var lines = new LineIndex(input);
        if (showText)
        {
            Heading(output, "Cleaned text");
            output.WriteLine(result.Text.TrimEnd());
            output.WriteLine();

            var applied = result.Edits.Count(e => e.Disposition == EditDisposition.Applied);
            var suggested = result.Edits.Count(e => e.Disposition == EditDisposition.Suggested);
            var flagged = result.Edits.Count(e => e.Disposition == EditDisposition.Flagged);
            Heading(output, $"Edits: {applied} applied, {suggested} suggested, {flagged} flagged");
            foreach (var edit in result.Edits)
            {
                var (line, column) = lines.Locate(edit.Start);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"- line {line}, column {column} (code points {edit.Start}..{edit.Start + edit.Length}): {Describe(edit.Kind)}, {edit.Disposition.ToString().ToLowerInvariant()}, confidence {edit.Confidence:0.00}, by {edit.Engine}"));
                output.WriteLine(edit.Disposition == EditDisposition.Flagged
                    ? $"    \"{edit.Original}\""
                    : $"    \"{Context(input, edit)}\" -> \"{edit.Replacement}\"");
                output.WriteLine($"    {edit.Reason}");
            }
            if (result.Edits.Count == 0)
            {
                output.WriteLine("(none)");
            }
            output.WriteLine();
        }
        if (result.Summary is { } summary)
        {
            Heading(output, $"Summary ({summary.Method.ToString().ToLowerInvariant()}, {summary.WordCount} words, by {summary.Engine})");
            output.WriteLine(summary.Sentences.Count == 0 ? "(the text has no sentence to summarize)" : summary.Text);
        }
    }

    private static void Heading(TextWriter output, string title)
    {
        output.WriteLine(title);
        output.WriteLine(new string('-', title.Length));
    }

    private static string Describe(EditKind kind) => kind switch
    {
        EditKind.GluedWords => "glued words",
        EditKind.DoubledWord => "doubled word",
        _ => kind.ToString().ToLowerInvariant(),
    };

    // An insertion shows the characters around it, so the reader sees where the space went.
    private static string Context(string input, ReportedEdit edit) =>
        edit.Original.Length > 0 ? edit.Original : $"{Around(input, edit.Start, before: true)}|{Around(input, edit.Start, before: false)}";

    private static string Around(string input, int codePoint, bool before)
    {
        var index = CodePointToIndex(input, codePoint);
        return before ? input[Math.Max(0, index - 8)..index].Split('\n')[^1] : input[index..Math.Min(input.Length, index + 8)].Split('\n')[0];
    }

    private static int CodePointToIndex(string input, int codePoint)
    {
        var index = 0;
        for (var k = 0; k < codePoint && index < input.Length; k++)
        {
            index += char.IsSurrogatePair(input, index) ? 2 : 1;
        }
        return index;
    }

    /// <summary>Line and column (both from 1) of code point offsets.</summary>
    private sealed class LineIndex(string text)
    {
        public (int Line, int Column) Locate(int codePoint)
        {
            var index = CodePointToIndex(text, codePoint);
            var line = 1;
            var lineStart = 0;
            for (var i = 0; i < index; i++)
            {
                if (text[i] == '\n')
                {
                    line++;
                    lineStart = i + 1;
                }
            }
            return (line, index - lineStart + 1);
        }
    }
}
