namespace Translate.Cli.Archive.Report;

/// <summary>A span of a pane's text, in code points, that shows the edit at <paramref name="Edit"/> (its index in the document's edits).</summary>
internal readonly record struct TextMark(int Start, int Length, int Edit);
